// The diff between two change set versions: each version's result tree (its baseline's tree with its
// patch applied) built in a scratch index and object dir, then `git diff` of the two trees. Out of
// place: nothing is written into the person's repo, its index or any working tree.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ChangeSetVersion, WorkerStatus } from "../core/schema.js";
import { openScratch, resultTree, type Scratch } from "./scratch.js";

async function treeOf(s: Scratch, v: ChangeSetVersion, dir: string): Promise<string> {
  const file = join(dir, v.patch);
  // An empty patch (nothing changed) is the baseline's own tree: git apply refuses empty input.
  if (!existsSync(file)) throw new Error(`change set v${v.version}: ${v.patch} is missing`);
  if (statSync(file).size === 0) return (await s.run(["rev-parse", `${v.baseline}^{tree}`])).trim();
  return resultTree(s, v.baseline, file);
}

/** `git diff` from version `a`'s result to version `b`'s; `workerDir` holds their patch files. */
export async function interdiff(
  w: Pick<WorkerStatus, "workspace">,
  workerDir: string,
  a: ChangeSetVersion,
  b: ChangeSetVersion,
): Promise<string> {
  const ws = w.workspace;
  const root = [ws.path, ws.repoRoot, ws.parentDir].find((d): d is string => !!d && existsSync(d));
  if (!root) throw new Error("interdiff: the worker's workspace and repo are gone");
  const s = await openScratch(root);
  try {
    const [ta, tb] = [await treeOf(s, a, workerDir), await treeOf(s, b, workerDir)];
    return await s.run(["diff", "--no-ext-diff", "--binary", "--no-renames", ta, tb, "--"]);
  } finally {
    s.close();
  }
}
