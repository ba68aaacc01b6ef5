// grades/<hash>.json (core/schema.ts GradeFile): one file per repo, the graded overlaps of its live change
// sets. Written by the grading service (workers/grading.ts); read by rows, cards and `docket show`.
// Asking for a regrade starts a detached `docket grades refresh` (like views), so the extension and the
// popups never run git merges themselves. Node built-ins only; reading and asking never throw.
import { fnv1a32 } from "../core/hash.js";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ok } from "../core/check.js";
import { GradeFile, type WorkerGradeRecord, type WorkerStatus } from "../core/schema.js";
import { writeJsonAtomic } from "./fsutil.js";
import { spawnDocket } from "./detached.js";

export function gradesDir(home: string): string {
  return join(home, "grades");
}

/** FNV-1a of the repo root: a short stable file name; the file repeats the root and is checked. */
export function gradesPath(home: string, repoRoot: string): string {
  return join(gradesDir(home), `${fnv1a32(repoRoot)}.json`);
}

/** One grade file, checked; undefined when missing or torn (rows fall back to the path-only radar). */
function readGradeFile(path: string): GradeFile | undefined {
  try {
    return ok(GradeFile, JSON.parse(readFileSync(path, "utf8")));
  } catch {
    return undefined;
  }
}

export function readGrades(home: string, repoRoot: string): GradeFile | undefined {
  const g = readGradeFile(gradesPath(home, repoRoot));
  return g?.repoRoot === repoRoot ? g : undefined;
}

export function writeGrades(home: string, g: GradeFile): void {
  writeJsonAtomic(gradesPath(home, g.repoRoot), g);
}

/** Regrade `repoRoot` in a detached process (one per call; callers ask once per freeze or accept). */
export function requestGrading(home: string, repoRoot: string): void {
  // If it cannot start, the next command that sees HEAD or the change sets differ asks again.
  spawnDocket(home, ["grades", "refresh", repoRoot], repoRoot);
}

/** Every stored grading of the workers' repos, by label: read, never computed (grading runs elsewhere). */
export function readGradesOf(home: string, workers: WorkerStatus[]): Map<string, WorkerGradeRecord[]> {
  const out = new Map<string, WorkerGradeRecord[]>();
  for (const root of new Set(workers.map((w) => w.workspace.repoRoot).filter((r): r is string => !!r))) {
    const g = readGrades(home, root);
    for (const [label, hits] of Object.entries(g?.byLabel ?? {})) out.set(label, hits);
  }
  return out;
}

/** Every contested pair in every stored grading, each once (`[w2, w5]`), for the status line's hint. */
export function contestedPairs(home: string): [string, string][] {
  const out = new Map<string, [string, string]>();
  let names: string[] = [];
  try {
    names = readdirSync(gradesDir(home)).filter((n) => /^[0-9a-f]{8}\.json$/.test(n));
  } catch {
    return [];
  }
  // A torn or vanished file reads as none: the next publish reads it again.
  for (const n of names) {
    const g = readGradeFile(join(gradesDir(home), n));
    for (const [label, hits] of Object.entries(g?.byLabel ?? {})) {
      for (const h of hits) {
        if (h.grade !== "contested") continue;
        const pair = [label, h.other].sort() as [string, string];
        out.set(pair.join(" "), pair);
      }
    }
  }
  return [...out.values()];
}

/**
 * The summary's overlap hint: contested pairs whose two workers are both in `workers` and unreviewed,
 * as `w2⇄w5 contested` (status line and `docket status` alike).
 */
export function contestedHint(home: string, workers: { label: string; reviewedAt?: string }[]): string[] {
  const live = new Set(workers.filter((w) => !w.reviewedAt).map((w) => w.label));
  return contestedPairs(home)
    .filter(([a, b]) => live.has(a) && live.has(b))
    .map(([a, b]) => `${a}⇄${b} contested`);
}
