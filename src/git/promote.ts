// Promote: apply a worker's frozen change set (changeset.patch) to the parent's working tree,
// unstaged and uncommitted. `git apply` is all-or-nothing without --reject, so the parent is never
// left half-applied; `--check` runs first so a failure names the problem before anything is touched.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { git, gitTry } from "./git.js";
import { DocketError } from "../core/errors.js";
import type { WorkerStatus } from "../core/schema.js";
import { workerPaths } from "../store/layout.js";
import { findOverlaps, touchedPaths } from "../core/overlap.js";

export interface PromoteConflict {
  path: string;
  why: string;
}

export interface PromoteCheck {
  /** Where the patch applies (repo root for worktrees, the parent dir for copies). */
  dir: string;
  patch: string;
  files: string[];
  /** Reasons to ask the person first: parent edits since spawn, other workers on the same paths. */
  conflicts: PromoteConflict[];
}

export interface PromoteResult {
  applied: boolean;
  check: PromoteCheck;
}

/** sha1 of the raw bytes, as src/git/workspace.ts records parentHashes at spawn. */
function digest(file: string): string {
  return existsSync(file) ? createHash("sha1").update(readFileSync(file)).digest("hex") : "missing";
}

async function parentEdits(w: WorkerStatus, dir: string, files: string[]): Promise<PromoteConflict[]> {
  const ws = w.workspace;
  const out: PromoteConflict[] = [];
  const unhashed: string[] = [];
  for (const f of files) {
    const recorded = ws.parentHashes?.[f];
    if (recorded === undefined) unhashed.push(f);
    else if (digest(join(dir, f)) !== recorded) out.push({ path: f, why: "parent changed this file since the worker started" });
  }
  // Files clean at spawn have no recorded hash: compare the parent's tree with the HEAD it had then.
  if (unhashed.length && ws.parentHead && ws.repoRoot) {
    const changed = (await gitTry(["diff", "--name-only", ws.parentHead, "--", ...unhashed], { cwd: dir })) ?? "";
    for (const f of changed.split("\n").filter(Boolean)) out.push({ path: f, why: "parent changed this file since the worker started" });
    const untracked = (await gitTry(["ls-files", "--others", "--exclude-standard", "--", ...unhashed], { cwd: dir })) ?? "";
    for (const f of untracked.split("\n").filter(Boolean)) if (!out.some((c) => c.path === f)) out.push({ path: f, why: "parent has a new file here since the worker started" });
  }
  return out;
}

function overlaps(w: WorkerStatus, others: WorkerStatus[], files: string[]): PromoteConflict[] {
  const root = (x: WorkerStatus) => x.workspace.repoRoot ?? x.workspace.parentDir;
  const peers = others.filter((o) => o.id !== w.id && root(o) === root(w));
  const hits = findOverlaps([{ label: w.label, paths: files }, ...peers.map((o) => ({ label: o.label, paths: touchedPaths(o) }))]);
  return (hits.get(w.label) ?? []).map((h) => ({ path: h.path, why: `${h.other}'s change set also touches this file` }));
}

/** Validate and look for reasons to ask first. Throws DocketError when the patch cannot apply at all. */
export async function checkPromote(home: string, w: WorkerStatus, others: WorkerStatus[] = []): Promise<PromoteCheck> {
  const cs = w.changeSet;
  if (!cs || cs.files.length === 0) throw new DocketError(`${w.label} has no change set to promote`);
  if (!/^[A-Za-z0-9._-]+$/.test(cs.patch)) throw new DocketError(`${w.label}: invalid change-set patch name ${JSON.stringify(cs.patch)}`);
  const patch = join(workerPaths(home, w.id).dir, cs.patch);
  if (!existsSync(patch)) throw new DocketError(`${w.label}: change-set patch missing (${patch})`);
  const ws = w.workspace;
  const dir = ws.type === "worktree" && ws.repoRoot ? ws.repoRoot : ws.parentDir;
  if (!existsSync(dir)) throw new DocketError(`${w.label}: parent directory is gone (${dir})`);
  const files = cs.files.map((f) => f.path);
  const conflicts = [...(await parentEdits(w, dir, files)), ...overlaps(w, others, files)];
  try {
    await git(["apply", "--check", "--whitespace=nowarn", patch], { cwd: dir });
  } catch (err) {
    const why = (err as Error).message.replace(/^.*?: (error: )?/, "");
    throw new DocketError(`${w.label}: change set does not apply to ${dir}: ${why}`);
  }
  return { dir, patch, files, conflicts };
}

/**
 * Apply the change set. With conflicts and no `confirmed`, nothing is applied and the check is
 * returned so the caller can ask. Never stages or commits.
 */
export async function promote(home: string, w: WorkerStatus, others: WorkerStatus[] = [], confirmed = false): Promise<PromoteResult> {
  const check = await checkPromote(home, w, others);
  if (check.conflicts.length && !confirmed) return { applied: false, check };
  try {
    await git(["apply", "--whitespace=nowarn", check.patch], { cwd: check.dir });
  } catch (err) {
    throw new DocketError(`${w.label}: git apply failed, parent left unchanged: ${(err as Error).message}`);
  }
  return { applied: true, check };
}
