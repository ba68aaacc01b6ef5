// Overlap radar: which workers' change sets (or, while running, edited files) touch the same path.
// Pure. docket never locks or merges; it only shows `overlap wN: <path>` on both workers.
import { isAbsolute, normalize, relative } from "node:path";
import type { Artifact, WorkerGradeRecord, WorkerStatus } from "./schema.js";
import { RUNNING_STATES } from "./states.js";
import { compareText } from "./natural.js";

export interface TouchInput {
  label: string;
  paths: string[];
}

export interface OverlapHit {
  /** The other worker's label. */
  other: string;
  path: string;
  /** `overlap w2: src/auth.ts` */
  text: string;
}

/** A path relative to the workspace root, `./` and `a/../` folded, so two workspaces compare equal. */
export function normalizeTouchedPath(path: string, workspaceRoot?: string): string | undefined {
  let p = path.trim();
  if (!p) return undefined;
  if (isAbsolute(p)) {
    if (!workspaceRoot) return undefined;
    p = relative(workspaceRoot, p);
    if (!p || p.startsWith("..") || isAbsolute(p)) return undefined; // outside the workspace: not shared
  }
  p = normalize(p).replace(/\\/g, "/");
  if (p === "." || p.startsWith("../")) return undefined;
  return p.replace(/^\.\//, "");
}

/**
 * Paths a worker has touched: its frozen change set, plus file-edit artifacts while it is still
 * running (no change set yet). Reviewed workers are out of the radar: their verdict is given.
 */
export function touchedPaths(status: WorkerStatus, artifacts: Artifact[] = []): string[] {
  if (status.reviewedAt) return [];
  const root = status.workspace.path;
  const out = new Set<string>();
  for (const f of status.changeSet?.files ?? []) {
    const p = normalizeTouchedPath(f.path, root);
    if (p) out.add(p);
  }
  if (RUNNING_STATES.includes(status.state) || !status.changeSet) {
    for (const a of artifacts) {
      if (a.type !== "edit" || !a.path) continue;
      const p = normalizeTouchedPath(a.path, root);
      if (p) out.add(p);
    }
  }
  return [...out].sort();
}

/** Per worker label: every (other worker, shared path) pair, sorted by other label then path. */
export function findOverlaps(inputs: TouchInput[]): Map<string, OverlapHit[]> {
  const byPath = new Map<string, Set<string>>();
  for (const w of inputs) {
    for (const p of new Set(w.paths)) {
      let s = byPath.get(p);
      if (!s) {
        s = new Set();
        byPath.set(p, s);
      }
      s.add(w.label);
    }
  }
  const result = new Map<string, OverlapHit[]>();
  for (const w of inputs) result.set(w.label, []);
  for (const [path, labels] of byPath) {
    if (labels.size < 2) continue;
    for (const me of labels) {
      for (const other of labels) {
        if (other === me) continue;
        result.get(me)!.push({ other, path, text: `overlap ${other}: ${path}` });
      }
    }
  }
  const num = (l: string) => Number(/\d+/.exec(l)?.[0] ?? 0);
  for (const hits of result.values())
    hits.sort((a, b) => num(a.other) - num(b.other) || compareText(a.other, b.other) || compareText(a.path, b.path));
  return result;
}

/**
 * Convenience for rows and cards: `overlap w2: src/a.ts` strings per label, in findOverlaps' order; with
 * `limit`, only each worker's first `limit` of them, found without building every pair (a hot file
 * shared by n workers is n² pairs; a card shows two).
 */
export function overlapMarkers(inputs: TouchInput[], limit = Number.POSITIVE_INFINITY): Map<string, string[]> {
  const m = new Map<string, string[]>();
  if (limit === Number.POSITIVE_INFINITY) {
    for (const [label, hits] of findOverlaps(inputs))
      m.set(
        label,
        hits.map((h) => h.text),
      );
    return m;
  }
  const numOf = new Map<string, number>();
  const num = (l: string) => {
    let n = numOf.get(l);
    if (n === undefined) {
      n = Number(/\d+/.exec(l)?.[0] ?? 0);
      numOf.set(l, n);
    }
    return n;
  };
  const byLabel = (a: string, b: string) => num(a) - num(b) || compareText(a, b);
  const byPath = new Map<string, string[]>();
  for (const w of inputs)
    for (const p of new Set(w.paths)) {
      const l = byPath.get(p);
      if (l) l.push(w.label);
      else byPath.set(p, [w.label]);
    }
  for (const labels of byPath.values()) if (labels.length > 1) labels.sort(byLabel);
  for (const w of inputs) {
    const hits: { other: string; path: string }[] = [];
    for (const p of new Set(w.paths)) {
      const labels = byPath.get(p)!;
      if (labels.length < 2) continue;
      // This path's first `limit` others are the only ones of it that can make the cut.
      let taken = 0;
      for (const other of labels) {
        if (other === w.label) continue;
        hits.push({ other, path: p });
        if (++taken >= limit) break;
      }
    }
    hits.sort((a, b) => byLabel(a.other, b.other) || compareText(a.path, b.path));
    m.set(
      w.label,
      hits.slice(0, limit).map((h) => `overlap ${h.other}: ${h.path}`),
    );
  }
  return m;
}

/**
 * A worker's overlap markers: git's grades where its change set was graded (`contested w2: src/a.ts`),
 * else the path-only radar (`overlap w2: src/a.ts`, e.g. a running worker's edits so far), then what
 * moved under it.
 */
export function overlapMarkersOf(w: WorkerStatus, graded: WorkerGradeRecord[] | undefined, radar: string[]): string[] {
  const order = { contested: 0, adjacent: 1, "same file": 2 } as const;
  const m = graded ? [...graded].sort((a, b) => order[a.grade] - order[b.grade]).map((g) => g.text) : radar;
  const out = m.slice(0, 2);
  if (w.baseMoved && !w.reviewedAt)
    out.push(
      `base moved: ${w.baseMoved.paths.slice(0, 2).join(", ")}` +
        `${w.baseMoved.paths.length > 2 ? ` +${w.baseMoved.paths.length - 2}` : ""}`,
    );
  return out;
}
