// Graded overlap: for every pair of live change sets that touch a common path, ask git how the two
// combine, not just whether the paths meet.
//   same file  they merge without a conflict, and no hunk of one is within 3 lines of the other's
//   adjacent   they merge, but in a shared file hunks of the two are within 3 lines (worth a look)
//   contested  they conflict (the conflicting paths are listed)
// Each change set's result tree is its baseline + patch, built in a scratch index. A pair on the same
// baseline merges with that baseline as the merge base. A pair on different baselines (spawned at
// different parent states) first carries the older change set onto the newer baseline (a three-way
// merge with its own baseline as base) and then merges on the newer baseline, so the parent's own
// history between the two spawns never counts as either worker's edit. Objects go to a scratch object
// dir; the person's repo, index and working tree are never written. Pairs with no shared path cost
// nothing. A run costs a fixed handful of git processes whatever the number of change sets: one
// scratch index for all the trees (only the paths in play), one `git merge-tree --stdin` per round.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { WorkerStatus } from "../core/schema.js";
import { touchedPaths } from "../core/overlap.js";
import { workerPaths } from "../store/layout.js";
import {
  CommitBatch,
  mergeMany,
  MergeTreeUnsupported,
  miniTrees,
  near,
  openScratch,
  parseChanges,
  type Change,
} from "./scratch.js";
import { compareText } from "../core/natural.js";

export type Grade = "same file" | "adjacent" | "contested";

/** Adjacent: hunks this many unchanged lines apart or closer. */
export const ADJACENT_LINES = 3;

export interface GradeSide {
  label: string;
  /** Baseline commit (in the repo's object store: worktree workspaces share it). */
  baseline: string;
  /** Absolute path of the frozen changeset.patch. */
  patch: string;
  /** Repo-relative paths the change set touches. */
  paths: string[];
  /** Tie-break when two baselines sit on the same parent commit: the later spawn is the newer state (ISO time). */
  since?: string;
}

export interface PairGrade {
  /** The two labels, in the order the sides were given. */
  a: string;
  b: string;
  grade: Grade;
  /** Paths both change sets touch. */
  paths: string[];
  /** contested: the paths git could not merge. */
  conflicts: string[];
  /** adjacent: shared paths with hunks within ADJACENT_LINES of each other. */
  near: string[];
  /** Different baselines: the label whose change set was carried onto the other's baseline first. */
  carried?: string;
  /** The carried change set conflicts with the newer baseline itself (the parent moved under it). On a
   *  shared path that makes the pair contested; elsewhere the pair is graded on what it shares. */
  stale?: string;
}

/** One worker's view of a pair, like the overlap radar's hits: `contested w2: src/auth.ts`. */
export interface WorkerGrade {
  other: string;
  grade: Grade;
  paths: string[];
  conflicts: string[];
  near: string[];
  text: string;
}

export interface GradeReport {
  pairs: PairGrade[];
  /** Per label, its graded pairs (empty list for a side with no overlap). */
  byLabel: Record<string, WorkerGrade[]>;
  /** Sides git could not grade (baseline gone, patch unreadable): the path-only radar still covers them. */
  failed: { label: string; why: string }[];
  /** What this run cost: git processes and wall time (0 and ~0 when no pair shares a path). */
  cost: { gitCalls: number; ms: number };
}

const num = (l: string) => Number(/\d+/.exec(l)?.[0] ?? 0);
const byLabel = (a: string, b: string) => num(a) - num(b) || compareText(a, b);

/** Grade every pair of `sides` (all in the repo at `root`) that shares a path. */
export async function gradeOverlaps(root: string, sides: GradeSide[]): Promise<GradeReport> {
  const t0 = performance.now();
  const report: GradeReport = { pairs: [], byLabel: {}, failed: [], cost: { gitCalls: 0, ms: 0 } };
  for (const s of sides) report.byLabel[s.label] = [];
  const pairs: { a: GradeSide; b: GradeSide; paths: string[] }[] = [];
  for (let i = 0; i < sides.length; i++) {
    const mine = new Set(sides[i]!.paths);
    for (let j = i + 1; j < sides.length; j++) {
      const shared = [...new Set(sides[j]!.paths)].filter((p) => mine.has(p)).sort();
      if (shared.length) pairs.push({ a: sides[i]!, b: sides[j]!, paths: shared });
    }
  }
  if (!pairs.length) return report;

  const s = await openScratch(root);
  try {
    const involved = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
    // Which baselines exist, their parents, and the parents' commit times (the newer parent state).
    const baselines = [...new Set(involved.map((x) => x.baseline))];
    const found = (
      await s.run(["cat-file", "--batch-check=%(objectname) %(objecttype)"], {
        input: baselines.map((b) => `${b}^{commit}\n${b}^1`).join("\n") + "\n",
      })
    ).split("\n");
    const resolved = new Map<string, string>();
    const parents = new Map<string, string>();
    baselines.forEach((b, i) => {
      const [oid, type] = (found[2 * i] ?? "").split(" ");
      const [poid, ptype] = (found[2 * i + 1] ?? "").split(" ");
      if (type === "commit" && oid) resolved.set(b, oid);
      if (ptype === "commit" && poid) parents.set(b, poid);
    });
    // Parent commit times, asked only when some pair sits on two different baselines.
    let times: Promise<Map<string, number>> | undefined;
    const timeOf = () =>
      (times ??= (async () => {
        const out = new Map<string, number>();
        const par = [...new Set(parents.values())];
        if (!par.length) return out;
        const log = await s.run(["log", "--no-walk=unsorted", "--format=%H %ct", ...par]);
        const t = new Map(log.split("\n").map((l) => l.split(" ") as [string, string]));
        for (const [b, p] of parents) out.set(b, Number(t.get(p) ?? 0));
        return out;
      })());
    const failed = new Set<string>();
    for (const x of involved) {
      if (resolved.has(x.baseline)) continue;
      failed.add(x.label);
      report.failed.push({ label: x.label, why: `baseline ${x.baseline.slice(0, 12)} is not in the repo` });
    }

    // Mini trees (just the paths in play) for each baseline and each change set, in one scratch index.
    const ok = involved.filter((x) => !failed.has(x.label));
    const okBaselines = [...new Set(ok.map((x) => resolved.get(x.baseline)!))];
    const universe = [...new Set(ok.flatMap((x) => x.paths))].sort();
    const built = await miniTrees(
      s,
      [
        ...okBaselines.map((b) => ({ baseline: b })),
        ...ok.map((x) => ({ baseline: resolved.get(x.baseline)!, patch: x.patch })),
      ],
      universe,
    );
    const bases = new Map(okBaselines.map((b, i) => [b, built[i]!]));
    const trees = new Map<string, string>();
    ok.forEach((x, i) => {
      const t = built[okBaselines.length + i];
      if (t) trees.set(x.label, t);
      else {
        failed.add(x.label);
        report.failed.push({ label: x.label, why: "patch does not apply to its baseline" });
      }
    });
    const live = pairs.filter((p) => !failed.has(p.a.label) && !failed.has(p.b.label));
    const baseTree = (x: GradeSide) => bases.get(resolved.get(x.baseline)!)!;

    // Round 1: carry the older side of each mixed-baseline pair onto the newer baseline.
    interface Plan {
      pair: (typeof live)[number];
      target: GradeSide;
      carried?: GradeSide;
      carriedTree?: string;
      carryConflicts?: string[];
    }
    const mixed = live.some((p) => baseTree(p.a) !== baseTree(p.b));
    const time = mixed ? await timeOf() : new Map<string, number>();
    const plans: Plan[] = live.map((pair) => {
      const { a, b } = pair;
      if (baseTree(a) === baseTree(b)) return { pair, target: a };
      const ta = time.get(a.baseline) ?? 0;
      const tb = time.get(b.baseline) ?? 0;
      const aNewer = ta !== tb ? ta > tb : (a.since ?? "") >= (b.since ?? "");
      return aNewer ? { pair, target: a, carried: b } : { pair, target: b, carried: a };
    });
    const commits = new CommitBatch(s);
    const carry = new Map<string, number>();
    const carryJobs: [string, string][] = [];
    for (const p of plans) {
      if (!p.carried) continue;
      const key = `${p.carried.label}\0${baseTree(p.target)}`;
      if (!carry.has(key)) {
        carry.set(key, carryJobs.length);
        carryJobs.push(commits.probe(baseTree(p.carried), baseTree(p.target), trees.get(p.carried.label)!));
      }
    }
    await commits.flush();
    const carried = await mergeMany(s, carryJobs);
    for (const p of plans) {
      if (!p.carried) continue;
      const m = carried[carry.get(`${p.carried.label}\0${baseTree(p.target)}`)!]!;
      if (!m.clean) p.carryConflicts = m.conflicts;
      // Conflicts only outside the shared paths: the pair is still graded on what it shares (those paths
      // carried cleanly; the marked-up others are the carried side's alone and merge trivially).
      if (m.clean || !m.conflicts.some((c) => p.pair.paths.includes(c))) p.carriedTree = m.tree;
    }

    // Round 2: the pairs themselves, on the target baseline.
    const treeOn = (p: Plan, x: GradeSide) => (p.carried === x ? p.carriedTree! : trees.get(x.label)!);
    const round = plans.filter((p) => !p.carried || p.carriedTree);
    const jobs = round.map((p) => commits.probe(baseTree(p.target), treeOn(p, p.pair.a), treeOn(p, p.pair.b)));
    await commits.flush();
    const merged = await mergeMany(s, jobs);
    const outcome = new Map(round.map((p, i) => [p, merged[i]!]));

    // Adjacency for the clean ones: hunks of both sides, in the target baseline's line numbers. A side
    // on the target baseline reads its own patch; a carried side is diffed, all in one diff-tree --stdin.
    const patchChanges = new Map<string, Map<string, Change[]>>();
    const carriedChanges = new Map<string, Map<string, Change[]>>();
    const clean = plans.filter((p) => outcome.get(p)?.clean);
    const diffs = [...new Set(clean.filter((p) => p.carried).map((p) => `${baseTree(p.target)} ${p.carriedTree!}`))];
    if (diffs.length) {
      const pathspec = [...new Set(clean.flatMap((p) => p.pair.paths))];
      const out = await s.run(
        ["diff-tree", "--stdin", "-p", "-U0", "--no-renames", "--no-ext-diff", "--", ...pathspec],
        { input: diffs.join("\n") + "\n", raw: true },
      );
      let key = "";
      let chunk: string[] = [];
      const flush = () => key && carriedChanges.set(key, parseChanges(chunk.join("\n")));
      for (const line of out.split("\n")) {
        if (/^[0-9a-f]{40,64} [0-9a-f]{40,64}$/.test(line)) {
          flush();
          key = line;
          chunk = [];
        } else chunk.push(line);
      }
      flush();
    }
    const changesOf = (p: Plan, x: GradeSide): Map<string, Change[]> => {
      if (p.carried === x)
        return carriedChanges.get(`${baseTree(p.target)} ${p.carriedTree!}`) ?? new Map<string, Change[]>();
      let c = patchChanges.get(x.label);
      if (!c) {
        c = parseChanges(readFileSync(x.patch, "utf8"));
        patchChanges.set(x.label, c);
      }
      return c;
    };

    for (const p of plans) {
      const { a, b, paths } = p.pair;
      const m = outcome.get(p);
      const g: PairGrade = { a: a.label, b: b.label, grade: "same file", paths, conflicts: [], near: [] };
      if (p.carried) g.carried = p.carried.label;
      if (p.carryConflicts) g.stale = p.carried!.label;
      if (p.carried && !p.carriedTree) {
        // The older change set does not even carry onto the newer baseline on a shared path: contested.
        g.grade = "contested";
        g.conflicts = p.carryConflicts!.filter((c) => paths.includes(c));
      } else if (m && !m.clean) {
        g.grade = "contested";
        g.conflicts = m.conflicts;
      } else {
        const ca = changesOf(p, a);
        const cb = changesOf(p, b);
        g.near = paths.filter((path) => {
          const xa = ca.get(path) ?? [];
          const xb = cb.get(path) ?? [];
          return xa.some((h) => xb.some((k) => near(h, k, ADJACENT_LINES)));
        });
        if (g.near.length) g.grade = "adjacent";
      }
      report.pairs.push(g);
    }
  } catch (err) {
    if (!(err instanceof MergeTreeUnsupported)) throw err;
    // Too old a git: no pair is graded (the path-only radar still shows them).
    report.pairs = [];
    report.failed = [...new Set(pairs.flatMap((p) => [p.a.label, p.b.label]))].map((label) => ({
      label,
      why: err.message,
    }));
  } finally {
    report.cost.gitCalls = s.calls;
    s.close();
  }
  for (const g of report.pairs) {
    for (const [me, other] of [
      [g.a, g.b],
      [g.b, g.a],
    ] as const) {
      const shown = g.grade === "contested" ? g.conflicts : g.grade === "adjacent" ? g.near : g.paths;
      report.byLabel[me]!.push({
        other,
        grade: g.grade,
        paths: g.paths,
        conflicts: g.conflicts,
        near: g.near,
        text: `${g.grade} ${other}: ${shown.join(", ")}`,
      });
    }
  }
  const rank: Record<Grade, number> = { contested: 0, adjacent: 1, "same file": 2 };
  for (const list of Object.values(report.byLabel))
    list.sort((x, y) => rank[x.grade] - rank[y.grade] || byLabel(x.other, y.other));
  report.cost.ms = Math.round(performance.now() - t0);
  return report;
}

/**
 * The live change sets of `workers` in the repo at `root`, as grading sides: frozen, not reviewed,
 * in a git worktree of that repo (copies have their baseline in their own repo: path radar only).
 */
export function gradeSides(home: string, root: string, workers: WorkerStatus[]): GradeSide[] {
  const out: GradeSide[] = [];
  for (const w of workers) {
    const cs = w.changeSet;
    const ws = w.workspace;
    if (!cs?.files.length || w.reviewedAt || ws.type !== "worktree" || ws.repoRoot !== root) continue;
    if (!/^[A-Za-z0-9._-]+$/.test(cs.patch) || !/^[0-9a-f]{7,64}$/.test(cs.baseline)) continue;
    out.push({
      label: w.label,
      baseline: cs.baseline,
      patch: join(workerPaths(home, w.id).dir, cs.patch),
      paths: touchedPaths(w),
      since: w.createdAt,
    });
  }
  return out;
}

/** Convenience: grade the live change sets of `workers` in `root`. */
export async function gradeWorkers(home: string, root: string, workers: WorkerStatus[]): Promise<GradeReport> {
  return gradeOverlaps(root, gradeSides(home, root, workers));
}
