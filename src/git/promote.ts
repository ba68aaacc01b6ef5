// Promote: apply a worker's frozen change set (changeset.patch) to the parent's working tree,
// unstaged and uncommitted. For a git worktree the change set goes in as a three-way merge against the
// worker's baseline (so a sibling's accepted, uncommitted or committed edits to the same file merge),
// computed out of place: the baseline + patch tree, the parent's current files hashed into a scratch
// index, `git merge-tree` on the three, all in a scratch object dir. Only a clean result is written,
// and then only the files it changes; a conflict changes nothing in the parent and names the paths and
// line ranges. Copies (no shared object store) and a vanished baseline fall back to `git apply`, which is
// all-or-nothing without --reject; `--check` runs first so a failure names the problem first.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmdirSync, unlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { git, gitTry } from "./git.js";
import { CommitBatch, mergeMany, MergeTreeUnsupported, openScratch, resultTree, type Scratch } from "./scratch.js";
import { DocketError } from "../core/errors.js";
import type { WorkerStatus } from "../core/schema.js";
import { readGrades } from "../store/grades.js";
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
  /** three-way: merged against the worker's baseline (worktrees); apply: plain `git apply` (copies). */
  method: "three-way" | "apply";
}

/** A merge conflict with the parent's current files: nothing was written. */
export interface MergeConflict {
  path: string;
  /** 1-based line ranges of the conflict regions in the would-be merged file (empty for binary, delete/modify). */
  lines: [number, number][];
}

/** Thrown when the three-way merge conflicts: the message names paths and lines; nothing was changed. */
export class PromoteConflictError extends DocketError {
  constructor(
    message: string,
    readonly conflicts: MergeConflict[],
  ) {
    super(message);
    this.name = "PromoteConflictError";
  }
}

/** A clean three-way result, still out of place. */
interface MergePlan {
  s: Scratch;
  tree: string;
  write: string[];
  remove: string[];
  /** sha1 of each touched parent file when merged: re-checked just before writing. */
  digests: Record<string, string>;
}

export interface PromoteResult {
  applied: boolean;
  check: PromoteCheck;
  /** When applied: sha1 of each file as written ("missing" for a deletion). */
  written?: Record<string, string>;
}

/** sha1 of the raw bytes, as src/git/workspace.ts records parentHashes at spawn. */
function digest(file: string): string {
  return existsSync(file) ? createHash("sha1").update(readFileSync(file)).digest("hex") : "missing";
}

/** A file is as docket wrote it when it accepted another worker's change set (not the person's edit). */
function docketWrote(others: WorkerStatus[], dir: string, f: string): boolean {
  const now = digest(join(dir, f));
  return others.some((o) => o.promoted?.hashes[f] === now);
}

async function parentEdits(
  w: WorkerStatus,
  dir: string,
  files: string[],
  others: WorkerStatus[],
): Promise<PromoteConflict[]> {
  const ws = w.workspace;
  const out: PromoteConflict[] = [];
  const unhashed: string[] = [];
  for (const f of files) {
    const recorded = ws.parentHashes?.[f];
    if (recorded === undefined) unhashed.push(f);
    else if (digest(join(dir, f)) !== recorded && !docketWrote(others, dir, f))
      out.push({ path: f, why: "parent changed this file since the worker started" });
  }
  // Files clean at spawn have no recorded hash: compare the parent's tree with the HEAD it had then.
  if (unhashed.length && ws.parentHead && ws.repoRoot) {
    const changed = (await gitTry(["diff", "--name-only", ws.parentHead, "--", ...unhashed], { cwd: dir })) ?? "";
    // A sibling's accept that docket wrote merges three-way; only the person's own edits are asked about.
    for (const f of changed.split("\n").filter(Boolean))
      if (!docketWrote(others, dir, f)) out.push({ path: f, why: "parent changed this file since the worker started" });
    const untracked =
      (await gitTry(["ls-files", "--others", "--exclude-standard", "--", ...unhashed], { cwd: dir })) ?? "";
    for (const f of untracked.split("\n").filter(Boolean))
      if (!out.some((c) => c.path === f))
        out.push({ path: f, why: "parent has a new file here since the worker started" });
  }
  return out;
}

/**
 * Live siblings on the same paths. Where git graded the pair (store/grades.ts), `same file` merges
 * cleanly either way and is not asked about; `adjacent` and `contested` are, with the grade. Ungraded
 * pairs (a running sibling, a copy) are asked about by path, as the radar sees them.
 */
function overlaps(home: string, w: WorkerStatus, others: WorkerStatus[], files: string[]): PromoteConflict[] {
  const root = (x: WorkerStatus) => x.workspace.repoRoot ?? x.workspace.parentDir;
  const peers = others.filter((o) => o.id !== w.id && root(o) === root(w) && !o.reviewedAt);
  const graded = w.workspace.repoRoot ? (readGrades(home, w.workspace.repoRoot)?.byLabel[w.label] ?? []) : [];
  const hits = findOverlaps([
    { label: w.label, paths: files },
    ...peers.map((o) => ({ label: o.label, paths: touchedPaths(o) })),
  ]);
  const out: PromoteConflict[] = [];
  for (const h of hits.get(w.label) ?? []) {
    const g = graded.find((x) => x.other === h.other && x.paths.includes(h.path));
    if (g?.grade === "same file") continue;
    out.push({ path: h.path, why: `${h.other}'s change set also touches this file${g ? ` (${g.grade})` : ""}` });
  }
  return out;
}

/** Validate and look for reasons to ask first. Throws DocketError when the patch cannot apply at all. */
export async function checkPromote(home: string, w: WorkerStatus, others: WorkerStatus[] = []): Promise<PromoteCheck> {
  const { check, plan } = await prepare(home, w, others);
  plan?.s.close();
  return check;
}

async function prepare(
  home: string,
  w: WorkerStatus,
  others: WorkerStatus[],
): Promise<{ check: PromoteCheck; plan?: MergePlan }> {
  const cs = w.changeSet;
  if (!cs || cs.files.length === 0) throw new DocketError(`${w.label} has no change set to promote`);
  if (!/^[A-Za-z0-9._-]+$/.test(cs.patch))
    throw new DocketError(`${w.label}: invalid change-set patch name ${JSON.stringify(cs.patch)}`);
  const patch = join(workerPaths(home, w.id).dir, cs.patch);
  if (!existsSync(patch)) throw new DocketError(`${w.label}: change-set patch missing (${patch})`);
  const ws = w.workspace;
  const dir = ws.type === "worktree" && ws.repoRoot ? ws.repoRoot : ws.parentDir;
  if (!existsSync(dir)) throw new DocketError(`${w.label}: parent directory is gone (${dir})`);
  const files = cs.files.map((f) => f.path);
  const conflicts = [...(await parentEdits(w, dir, files, others)), ...overlaps(home, w, others, files)];
  const base =
    ws.type === "worktree" && ws.repoRoot && /^[0-9a-f]{7,64}$/.test(cs.baseline)
      ? (await gitTry(["rev-parse", "--verify", "-q", `${cs.baseline}^{tree}`], { cwd: dir }))?.trim()
      : undefined;
  if (base) {
    try {
      const plan = await threeWay(w.label, dir, cs.baseline, base, patch, files);
      return { check: { dir, patch, files, conflicts, method: "three-way" }, plan };
    } catch (err) {
      if (!(err instanceof MergeTreeUnsupported)) throw err; // too old a git: plain apply below
    }
  }
  try {
    await git(["apply", "--check", "--whitespace=nowarn", patch], { cwd: dir });
  } catch (err) {
    const why = (err as Error).message.replace(/^.*?: (error: )?/, "");
    throw new DocketError(`${w.label}: change set does not apply to ${dir}: ${why}`);
  }
  return { check: { dir, patch, files, conflicts, method: "apply" } };
}

/** Merge (base = baseline, ours = the parent's files now, theirs = baseline + patch) out of place. */
async function threeWay(
  label: string,
  dir: string,
  baseline: string,
  base: string,
  patch: string,
  files: string[],
): Promise<MergePlan> {
  const s = await openScratch(dir);
  try {
    const digests: Record<string, string> = {};
    for (const f of files) digests[f] = digest(join(dir, f));
    let theirs: string;
    try {
      theirs = await resultTree(s, baseline, patch);
    } catch (err) {
      throw new DocketError(
        `${label}: change set does not apply to its own baseline ${baseline.slice(0, 12)}: ${(err as Error).message}`,
      );
    }
    const index = s.index("parent");
    await s.run(["read-tree", baseline], { index });
    try {
      await s.run(["update-index", "--add", "--remove", "-z", "--stdin"], { index, input: files.join("\0") + "\0" });
    } catch (err) {
      throw new DocketError(
        `${label}: change set does not apply to ${dir}: cannot read the parent's files (${(err as Error).message})`,
      );
    }
    const ours = (await s.run(["write-tree"], { index })).trim();
    const commits = new CommitBatch(s);
    const probe = commits.probe(base, ours, theirs);
    await commits.flush();
    const [m] = await mergeMany(s, [probe]);
    if (!m!.clean) {
      const found: MergeConflict[] = [];
      for (const path of m!.conflicts) found.push({ path, lines: await markerLines(s, m!.tree, path) });
      const where = found
        .map((c) =>
          c.lines.length
            ? `${c.path} (lines ${c.lines.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(", ")})`
            : c.path,
        )
        .join(", ");
      throw new PromoteConflictError(
        `${label}: change set does not apply to ${dir}: it conflicts with the parent's version of ${where}; nothing ` +
          `was changed`,
        found,
      );
    }
    const out = (await s.run(["diff-tree", "-r", "-z", "--no-renames", "--name-status", ours, m!.tree])).split("\0");
    const write: string[] = [];
    const remove: string[] = [];
    for (let i = 0; i + 1 < out.length; i += 2) {
      if (!out[i]) break;
      (out[i] === "D" ? remove : write).push(out[i + 1]!);
    }
    return { s, tree: m!.tree, write, remove, digests };
  } catch (err) {
    s.close();
    throw err;
  }
}

/** 1-based [first, last] line of each conflict-marker region in a merged (conflicted) blob. */
async function markerLines(s: Scratch, tree: string, path: string): Promise<[number, number][]> {
  const text = await s.run(["cat-file", "blob", `${tree}:${path}`], { raw: true }).catch(() => "");
  const out: [number, number][] = [];
  let open = 0;
  text.split("\n").forEach((line, i) => {
    if (line.startsWith("<<<<<<< ")) open = i + 1;
    else if (line.startsWith(">>>>>>> ") && open) {
      out.push([open, i + 1]);
      open = 0;
    }
  });
  return out;
}

/** Write a clean merge into the working tree: changed files via a scratch index, deletions by hand. */
async function writePlan(label: string, dir: string, plan: MergePlan): Promise<void> {
  for (const [f, d] of Object.entries(plan.digests)) {
    if (digest(join(dir, f)) !== d)
      throw new DocketError(`${label}: ${f} changed in the parent while promoting; nothing was changed, try again`);
  }
  if (plan.write.length) {
    const index = plan.s.index("out");
    await plan.s.run(["read-tree", plan.tree], { index });
    await plan.s.run(["checkout-index", "-f", "-q", "-z", "--stdin"], { index, input: plan.write.join("\0") + "\0" });
  }
  for (const f of plan.remove) {
    const file = join(dir, f);
    if (existsSync(file)) unlinkSync(file);
    // Like git apply: a directory the deletion empties goes too.
    for (let d = dirname(file); d.startsWith(dir + "/") && existsSync(d) && readdirSync(d).length === 0; d = dirname(d))
      rmdirSync(d);
  }
}

/**
 * Apply the change set. With conflicts and no `confirmed`, nothing is applied and the check is
 * returned so the caller can ask. Never stages or commits. A merge conflict throws
 * PromoteConflictError (a DocketError) and leaves the parent as it was.
 */
export async function promote(
  home: string,
  w: WorkerStatus,
  others: WorkerStatus[] = [],
  confirmed = false,
): Promise<PromoteResult> {
  const { check, plan } = await prepare(home, w, others);
  try {
    if (check.conflicts.length && !confirmed) return { applied: false, check };
    if (plan) await writePlan(w.label, check.dir, plan);
    else {
      try {
        await git(["apply", "--whitespace=nowarn", check.patch], { cwd: check.dir });
      } catch (err) {
        throw new DocketError(`${w.label}: git apply failed, parent left unchanged: ${(err as Error).message}`);
      }
    }
    return {
      applied: true,
      check,
      written: Object.fromEntries(check.files.map((f) => [f, digest(join(check.dir, f))])),
    };
  } finally {
    plan?.s.close();
  }
}
