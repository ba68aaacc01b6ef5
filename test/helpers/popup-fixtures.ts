// Worker status fixtures for popup tests (inbox, verdict, cards): valid WorkerStatus records
// without a real worker behind them.
import { WorkerStatus } from "../../src/core/schema.js";

let seq = 0;

export function fixtureWorker(over: Partial<WorkerStatus> & { index?: number } = {}): WorkerStatus {
  const index = over.index ?? ++seq;
  const id = over.id ?? `task-${index}-${(0x1000 + index).toString(16)}`;
  const base = {
    version: 1,
    id,
    label: `w${index}`,
    index,
    kind: "default",
    task: `task number ${index}`,
    state: "active",
    runToken: "tok",
    project: "/repo",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    workspace: { type: "worktree", path: `/store/${id}/workspace`, parentDir: "/repo", repoRoot: "/repo" },
    tmux: { session: "docket-workers", windowName: `w${index}` },
    depth: 0,
    todos: [],
    questions: [],
  };
  return WorkerStatus.parse({ ...base, ...over, index, id, label: over.label ?? `w${index}` });
}
