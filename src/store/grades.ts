// grades/<hash>.json (core/schema.ts GradeFile): one file per repo, the graded overlaps of its live change
// sets. Written by the grading service (workers/grading.ts); read by rows, cards and `docket show`.
// Asking for a regrade starts a detached `docket grades refresh` (like views), so the extension and the
// popups never run git merges themselves. Node built-ins only; reading and asking never throw.
import { childProcess } from "../core/builtins.js";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ok } from "../core/check.js";
import { GradeFile, type WorkerGradeRecord, type WorkerStatus } from "../core/schema.js";
import { writeJsonAtomic } from "./fsutil.js";
import { cliEntry } from "./paths.js";

export function gradesDir(home: string): string {
  return join(home, "grades");
}

/** FNV-1a of the repo root: a short stable file name; the file repeats the root and is checked. */
export function gradesPath(home: string, repoRoot: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < repoRoot.length; i++) h = Math.imul(h ^ repoRoot.charCodeAt(i), 0x01000193) >>> 0;
  return join(gradesDir(home), `${h.toString(16).padStart(8, "0")}.json`);
}

export function readGrades(home: string, repoRoot: string): GradeFile | undefined {
  try {
    const g = ok(GradeFile, JSON.parse(readFileSync(gradesPath(home, repoRoot), "utf8")));
    return g && g.repoRoot === repoRoot ? g : undefined;
  } catch {
    return undefined; // none yet, or torn: rows fall back to the path-only radar
  }
}

export function writeGrades(home: string, g: GradeFile): void {
  writeJsonAtomic(gradesPath(home, g.repoRoot), g);
}

/** Regrade `repoRoot` in a detached process (one per call; callers ask once per freeze or accept). */
export function requestGrading(home: string, repoRoot: string): void {
  try {
    const child = childProcess().spawn(process.execPath, [cliEntry(), "grades", "refresh", repoRoot], {
      cwd: repoRoot,
      detached: true,
      stdio: "ignore",
      env: { ...process.env, DOCKET_HOME: home },
    });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    /* out of processes: the next command that sees HEAD or the change sets differ asks again */
  }
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
  for (const n of names) {
    try {
      const g = ok(GradeFile, JSON.parse(readFileSync(join(gradesDir(home), n), "utf8")));
      for (const [label, hits] of Object.entries(g?.byLabel ?? {})) {
        for (const h of hits)
          if (h.grade === "contested")
            out.set([label, h.other].sort().join(" "), [label, h.other].sort() as [string, string]);
      }
    } catch {
      /* torn or gone: the next publish reads it again */
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
