// Worker status fixtures for popup tests (inbox, verdict, cards): valid WorkerStatus records
// without a real worker behind them.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { execaSync } from "execa";
import type { WorkerStatus } from "../../src/core/schema.js";
import { workerPaths } from "../../src/store/layout.js";
import { writeNewStatus } from "../../src/store/workers.js";
import { makeRepo, type Sandbox } from "./sandbox.js";
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

/**
 * A ready worker record whose frozen change set is `edit` applied to src/a.txt of a fresh parent repo
 * (`files` is that repo's first commit); no pi behind it. For the promote and diff popups.
 */
export async function readyWorkerWithChangeSet(
  sb: Sandbox,
  index: number,
  files: Record<string, string>,
  edit: (s: string) => string,
) {
  const git = (cwd: string, ...a: string[]) => execaSync("git", a, { cwd }).stdout;
  const repo = await makeRepo(join(sb.dir, `repo${index}`), files);
  const head = git(repo, "rev-parse", "HEAD");
  const ws = join(sb.dir, `ws${index}`);
  git(repo, "worktree", "add", "-q", "--detach", ws);
  writeFileSync(join(ws, "src/a.txt"), edit(files["src/a.txt"]!));
  const patch = git(ws, "diff", "--binary", "HEAD") + "\n";
  const w = fixtureWorker({
    index,
    state: "ready",
    project: repo,
    workspace: {
      type: "worktree",
      path: ws,
      parentDir: repo,
      repoRoot: repo,
      parentHead: head,
      baseline: head,
      parentHashes: {},
    },
    result: {
      outcome: "completed",
      summary: `edited a.txt (${index})`,
      evidence: [],
      recommended: [],
      at: new Date().toISOString(),
    },
    changeSet: {
      baseline: head,
      files: [{ path: "src/a.txt", added: 1, removed: 1 }],
      patch: "changeset.patch",
      frozenAt: new Date().toISOString(),
    },
  });
  writeNewStatus(sb.home, w);
  writeFileSync(workerPaths(sb.home, w.id).patch, patch);
  return { w, repo };
}
