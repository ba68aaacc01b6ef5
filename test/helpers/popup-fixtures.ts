// Worker status fixtures for popup tests (inbox, verdict, cards): valid WorkerStatus records
// without a real worker behind them.
import type { WorkerStatus } from "../../src/core/schema.js";
import { fixtureStatus } from "./worker-fixture.js";

let seq = 0;

export function fixtureWorker(over: Partial<WorkerStatus> & { index?: number } = {}): WorkerStatus {
  const index = over.index ?? ++seq;
  const id = over.id ?? `task-${index}-${(0x1000 + index).toString(16)}`;
  // The shared builder, with the popup tests' own defaults (project /repo, 2026 timestamps).
  return fixtureStatus(index, {
    project: "/repo",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    workspace: { type: "worktree", path: `/store/${id}/workspace`, parentDir: "/repo", repoRoot: "/repo" },
    depth: 0,
    todos: [],
    questions: [],
    ...over,
    index,
    id,
    label: over.label ?? `w${index}`,
  });
}
