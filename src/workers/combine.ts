// Combine two change sets (or one with the parent's own edits) into the parent's working tree, and hand
// a conflicting change set back to its worker. Both act first and then write the ledger, like verdicts.
// The editor is the caller's (the CLI and the verdict popup open it): it gets the marked-up files and
// returns the person's text, or undefined when the edit was cancelled.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DocketError } from "../core/errors.js";
import type { WorkerStatus } from "../core/schema.js";
import { nowIso } from "../store/fsutil.js";
import { workerPaths } from "../store/layout.js";
import { appendDecision, readDecisions } from "../store/ledger.js";
import { updateStatus } from "../store/workers.js";
import { leftoverMarker, planCombine, writeCombine, type CombinePlan } from "../git/combine.js";
import type { MergeConflict } from "../git/promote.js";

export interface ConflictFile {
  path: string;
  /** The diff3-marked text to resolve. */
  text: string;
  lines: [number, number][];
}

/** Opens the files for the person; their text per path, or undefined (cancelled: editor exited non-zero). */
export type ConflictEditor = (files: ConflictFile[], plan: CombinePlan) => Promise<Map<string, string> | undefined>;

export interface CombineOptions {
  /** The person confirmed combining over their own uncommitted edits to the files. */
  confirmed?: boolean;
  /** How to open an editor; absent: conflicts are refused with `noEditor`. */
  edit?: ConflictEditor;
  /** Why no editor can open here (one line). */
  noEditor?: string;
}

export type CombineOutcome =
  | { done: true; message: string; files: string[]; edited: boolean }
  | { done: false; confirm: string };

const where = (lines: [number, number][]) =>
  lines.length ? ` (lines ${lines.map(([x, y]) => (x === y ? `${x}` : `${x}-${y}`)).join(", ")})` : "";

export async function combineWorkers(
  home: string,
  a: WorkerStatus,
  b: WorkerStatus | undefined,
  opts: CombineOptions = {},
): Promise<CombineOutcome> {
  const plan = await planCombine(home, a, b);
  const who = b ? `${a.label} and ${b.label}` : `${a.label} with the parent`;
  if (plan.files.length === 0)
    throw new DocketError(`${who}: the combination changes nothing in ${plan.dir}; nothing was written`);
  if (plan.asks.length && !opts.confirmed) {
    return {
      done: false,
      confirm: `Combine ${who} over your own edits?\n${plan.asks.map((x) => `  ${x.path}: ${x.why}`).join("\n")}`,
    };
  }
  const conflicted = plan.files
    .filter((f) => f.conflicted !== undefined)
    .map((f) => ({ path: f.path, text: f.conflicted!, lines: f.lines }));
  const resolved = new Map<string, string>();
  if (conflicted.length) {
    const names = conflicted.map((f) => f.path + where(f.lines)).join(", ");
    if (!opts.edit)
      throw new DocketError(
        `${who} conflict in ${names}: ` +
          `${opts.noEditor ?? "resolving needs an editor in a terminal"}; nothing was written`,
      );
    const got = await opts.edit(conflicted, plan);
    if (!got) throw new DocketError(`combine cancelled (the editor exited non-zero); nothing was written`);
    if (conflicted.every((f) => got.get(f.path) === f.text))
      throw new DocketError(
        `combine cancelled (the files are unchanged, conflict markers still in them); nothing was written`,
      );
    for (const f of conflicted) {
      const text = got.get(f.path);
      if (text === undefined) throw new DocketError(`${f.path} is gone from the editor's files; nothing was written`);
      const line = leftoverMarker(text);
      if (line !== undefined)
        throw new DocketError(
          `${f.path}:${line}: a conflict marker is left; nothing was written ` +
            `(resolve every conflict and run docket combine again)`,
        );
      resolved.set(f.path, text);
    }
  }
  const files = writeCombine(plan, resolved);
  const at = nowIso();
  appendDecision(home, {
    ts: at,
    verb: "combine",
    worker: a.id,
    label: a.label,
    task: a.task.split("\n")[0]!.slice(0, 200),
    state: a.state,
    with: b ? b.label : "parent",
    ...(b ? { withWorker: b.id } : {}),
    ...(conflicted.length ? { text: `resolved ${conflicted.map((f) => f.path).join(", ")}` } : {}),
    evidence: [a, ...(b ? [b] : [])].map((w) => `${w.label}.changeset`),
  });
  for (const w of [a, ...(b ? [b] : [])]) updateStatus(home, w.id, (s) => ({ ...s, reviewedAt: at }));
  const n = files.length;
  return {
    done: true,
    edited: conflicted.length > 0,
    files,
    message:
      `${who}: combined into ${plan.dir} (${n} file${n === 1 ? "" : "s"}` +
      `${conflicted.length ? `, ${conflicted.length} resolved` : ""}, unstaged)`,
  };
}

/**
 * Whose change set a conflicting accept of `w` ran into: the sibling (same repo) most recently
 * accepted or combined whose change set touches a conflicting path; undefined: the parent's own edits.
 */
export function conflictPartner(
  home: string,
  w: WorkerStatus,
  workers: WorkerStatus[],
  conflicts: MergeConflict[],
): WorkerStatus | undefined {
  const paths = new Set(conflicts.map((c) => c.path));
  const root = w.workspace.repoRoot;
  const touching = workers.filter(
    (o) =>
      o.id !== w.id &&
      o.workspace.type === "worktree" &&
      o.workspace.repoRoot === root &&
      o.changeSet?.files.some((f) => paths.has(f.path)),
  );
  if (!touching.length) return undefined;
  const { decisions } = readDecisions(home);
  let best: WorkerStatus | undefined;
  let bestAt = "";
  for (const d of decisions) {
    if (d.verb !== "accept" && d.verb !== "combine") continue;
    for (const id of [d.worker, typeof d.withWorker === "string" ? d.withWorker : ""]) {
      const o = touching.find((x) => x.id === id);
      if (o && d.ts >= bestAt) {
        best = o;
        bestAt = d.ts;
      }
    }
  }
  return best;
}

/** What `docket combine` to run for a conflicting accept of `w`. */
export function combineHint(w: WorkerStatus, partner: WorkerStatus | undefined): string {
  return partner ? `docket combine ${partner.label} ${w.label}` : `docket combine ${w.label}`;
}

/** The sections of a worker's patch for `paths`. */
function hunksFor(patch: string, paths: Set<string>): string {
  const out: string[] = [];
  let keep = false;
  for (const line of patch.split("\n")) {
    if (line.startsWith("diff --git ")) {
      const m = /^diff --git a\/(.*) b\/(.*)$/.exec(line);
      keep = !!m && (paths.has(m[1]!) || paths.has(m[2]!));
    }
    if (keep) out.push(line);
  }
  return out.join("\n").trimEnd();
}

/** The parent's side of each conflict region of a `parent`-vs-worker markup, in the parent's line numbers. */
export function parentRegions(text: string): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  let n = 0;
  let state: "out" | "ours" | "other" = "out";
  let cur: string[] = [];
  let start = 0;
  for (const line of text.split("\n")) {
    if (state === "out" && /^<{7}( |$)/.test(line)) {
      state = "ours";
      cur = [];
      start = n + 1;
    } else if (state === "ours" && /^(\|{7}( |$)|={7}$)/.test(line)) state = "other";
    else if (state !== "out" && /^>{7}( |$)/.test(line)) {
      out.push({ start, end: start + cur.length - 1, text: cur.join("\n") });
      state = "out";
    } else if (state === "ours") {
      cur.push(line);
      n++;
    } else if (state === "out") n++;
  }
  return out;
}

/** The one message a send-back delivers: paths, the worker's hunks, the parent's current regions. */
export async function sendBackText(home: string, w: WorkerStatus, conflicts: MergeConflict[]): Promise<string> {
  const paths = new Set(conflicts.map((c) => c.path));
  const patchFile =
    w.changeSet && /^[A-Za-z0-9._-]+$/.test(w.changeSet.patch)
      ? join(workerPaths(home, w.id).dir, w.changeSet.patch)
      : undefined;
  const patch = patchFile && existsSync(patchFile) ? readFileSync(patchFile, "utf8") : "";
  const parts = [
    `[docket] Your change set was not accepted: it conflicts with the parent's current files, and nothing was applied.`,
    `Conflicting: ${conflicts.map((c) => c.path + where(c.lines)).join(", ")}`,
    "",
    "Your hunks there:",
    "```diff",
    hunksFor(patch, paths) || "(not found in the patch)",
    "```",
    "",
    "The parent's current version of those regions:",
  ];
  let regions: string[] = [];
  try {
    const plan = await planCombine(home, w);
    for (const f of plan.files) {
      if (!paths.has(f.path) || f.conflicted === undefined) continue;
      for (const r of parentRegions(f.conflicted))
        regions.push(`${f.path} lines ${r.start}-${r.end}:`, "```", r.text, "```");
    }
  } catch (err) {
    regions = [`(could not mark them up: ${(err as Error).message.split("\n")[0]})`];
  }
  if (!regions.length) regions = ["(the parent's file no longer conflicts there; read it again)"];
  parts.push(
    ...regions,
    "",
    "Rebase your change onto the parent's current contents: " +
      "keep what the parent has in those regions, " +
      "redo your edit on top of it in your workspace, then call docket_done again.",
  );
  return parts.join("\n");
}

/** Send a conflicting change set back to its worker as one message (queued for a respawn when its pi is gone). */
export async function sendBack(home: string, w: WorkerStatus, conflicts: MergeConflict[]): Promise<string> {
  if (!conflicts.length) throw new DocketError(`${w.label}'s change set has no conflict to send back`);
  const text = await sendBackText(home, w, conflicts);
  const { tellWorker } = await import("./tell.js");
  const r = await tellWorker(home, w, text, { queue: true });
  appendDecision(home, {
    ts: nowIso(),
    verb: "chat",
    worker: w.id,
    label: w.label,
    task: w.task.split("\n")[0]!.slice(0, 200),
    state: w.state,
    text: `sent back: conflicts in ${conflicts.map((c) => c.path).join(", ")}`,
    evidence: [`${w.label}.changeset`],
  });
  return (
    `${w.label}: sent back with the conflicts in ${conflicts.map((c) => c.path).join(", ")}` +
    `${r.via === "queued" ? " (queued: it goes to the worker once its pi is up)" : ""}`
  );
}
