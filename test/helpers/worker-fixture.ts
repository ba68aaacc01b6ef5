// A valid WorkerStatus for fixtures: override only what a test cares about. Overrides are parsed here,
// so defaulted fields (a result's outcome or evidence) may be left out.
import { parse } from "../../src/core/check.js";
import { WorkerStatus } from "../../src/core/schema.js";

export function fixtureStatus(
  index: number,
  over: Partial<Record<keyof WorkerStatus, unknown>> & Record<string, unknown> = {},
): WorkerStatus {
  const id = (over.id as string | undefined) ?? `task-${index}-${(0xa000 + index).toString(16)}`;
  const base = {
    version: 1,
    id,
    label: `w${index}`,
    index,
    kind: "default",
    task: `task number ${index}`,
    state: "active",
    runToken: "tok",
    project: "/tmp/project",
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
    workspace: { type: "worktree", path: `/tmp/ws/${id}`, parentDir: "/tmp/project" },
    tmux: { session: "docket-workers", windowName: `w${index}` },
    ...over,
  };
  return parse(WorkerStatus, base);
}
