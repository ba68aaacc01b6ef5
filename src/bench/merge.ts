// Merging parallel work: what grading overlap with git costs, on a generated repo of 1,000 files.
// 2 and 20 live change sets (each 3 files: 2 of its own, 1 of 5 shared "hot" files, half of them on an
// older baseline so the carry round runs too), plus the worst case (20 change sets on one file: 190
// pairs), and the three-way accept check. Baselines from the same run: one `git merge-tree
// --write-tree` and one `git worktree add` (what a spawn already pays) in the same repo.
import { execa } from "execa";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gradeOverlaps, type GradeReport, type GradeSide } from "../git/grade.js";
import { checkPromote } from "../git/promote.js";
import { workerPaths } from "../store/layout.js";
import { WorkerStatus } from "../core/schema.js";
import { parse } from "../core/check.js";
import { median, type BenchContext, type BenchRow } from "./table.js";

const FILES = 1000;
const LINES = 60;
const HOT = 5;
const ID = {
  GIT_AUTHOR_NAME: "bench",
  GIT_AUTHOR_EMAIL: "b@b",
  GIT_COMMITTER_NAME: "bench",
  GIT_COMMITTER_EMAIL: "b@b",
};

const body = (f: number) => Array.from({ length: LINES }, (_, i) => `file ${f} line ${i + 1}`).join("\n") + "\n";
const path = (f: number) => `src/m${Math.floor(f / 100)}/f${f}.txt`;

/** CPU ms so far: this process plus its waited-for children (Linux /proc; 0 for children elsewhere). */
function cpuMs(): number {
  const own = process.cpuUsage();
  let children = 0;
  try {
    const f = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
    children = (Number(f[13]) + Number(f[14])) * 10; // cutime + cstime, in ticks of 10 ms (CLK_TCK 100)
  } catch {
    /* not Linux */
  }
  return (own.user + own.system) / 1000 + children;
}

/** Wall-time median of `reps` runs after a warm-up; CPU ms per run (all runs' CPU / reps) beside it. */
const cpu = new Map<string, number>();
async function time(reps: number, fn: () => Promise<unknown>, key?: string): Promise<number> {
  await fn();
  const xs: number[] = [];
  const c0 = cpuMs();
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  if (key) cpu.set(key, (cpuMs() - c0) / reps);
  return median(xs);
}

export default async function merge(ctx: BenchContext): Promise<BenchRow[]> {
  const dir = join(ctx.tmp, "merge");
  const repo = join(dir, "repo");
  mkdirSync(repo, { recursive: true });
  const env = { ...ctx.env, ...ID };
  const git = async (cwd: string, args: string[], input?: string) =>
    (await execa("git", args, { cwd, env, extendEnv: false, input })).stdout;
  await git(repo, ["init", "-q", "-b", "main"]);
  for (let f = 0; f < FILES; f++) {
    mkdirSync(join(repo, `src/m${Math.floor(f / 100)}`), { recursive: true });
    writeFileSync(join(repo, path(f)), body(f));
  }
  await git(repo, ["add", "-A"]);
  await git(repo, ["commit", "-q", "-m", "generated"]);
  const old = await git(repo, ["rev-parse", "HEAD"]);
  // The parent moves on (a commit to hot file 0, line 60, and to file 999) between the two halves'
  // spawns: pairs on hot file 0 across the two baselines take the carry round.
  writeFileSync(join(repo, path(FILES - 1)), body(FILES - 1).replace("line 1\n", "line 1 (parent)\n"));
  writeFileSync(join(repo, path(0)), body(0).replace(`line ${LINES}\n`, `line ${LINES} (parent)\n`));
  await git(repo, ["commit", "-q", "-am", "parent moves"]);
  const head = await git(repo, ["rev-parse", "HEAD"]);

  // One scratch worktree writes every change set's patch (what freezeChangeSet would have written).
  const ws = join(dir, "ws");
  const t0 = process.hrtime.bigint();
  await git(repo, ["worktree", "add", "-q", "--detach", ws, head]);
  const worktreeAdd = Number(process.hrtime.bigint() - t0) / 1e6;
  const make = async (
    group: string,
    n: number,
    label: string,
    baseline: string,
    files: [number, number][],
  ): Promise<GradeSide> => {
    await git(ws, ["checkout", "-q", "--detach", baseline]);
    for (const [f, line] of files) {
      const text = body(f).split("\n");
      text[line - 1] = `${text[line - 1]} edited by ${label}`;
      writeFileSync(join(ws, path(f)), text.join("\n"));
    }
    const patch = join(dir, `${group}-${label}.patch`);
    writeFileSync(
      patch,
      (
        await execa("git", ["diff", "--binary", "--no-renames", baseline], {
          cwd: ws,
          env,
          extendEnv: false,
          stripFinalNewline: false,
        })
      ).stdout,
    );
    await git(ws, ["checkout", "-q", "--", "."]);
    return {
      label,
      baseline,
      patch,
      paths: files.map(([f]) => path(f)),
      since: new Date(2026, 0, 1, 0, 0, n).toISOString(),
    };
  };
  const sets = async (group: string, n: number, shape: (i: number) => [number, number][]) => {
    const out: GradeSide[] = [];
    for (let i = 0; i < n; i++) out.push(await make(group, i, `w${i + 1}`, i % 2 ? old : head, shape(i)));
    return out;
  };
  // Typical: 2 own files + 1 of the hot files, 4 change sets on each hot file at lines 1, 4, 30, 30:
  // per hot file 1 adjacent pair (1/4), 1 contested (30/30), 4 same file.
  const typical = (i: number): [number, number][] => [
    [100 + i * 2, 10],
    [101 + i * 2, 20],
    [i % HOT, [1, 4, 30, 30][Math.floor(i / HOT)]!],
  ];
  const worst = (i: number): [number, number][] => [[0, ((i * 3) % LINES) + 1]];
  // The pair: both on hot file 0, 6 lines apart, on different baselines.
  const two = await sets("two", 2, (i) => [
    [100 + i, 10],
    [0, 1 + i * 6],
  ]);
  const twenty = await sets("twenty", 20, typical);
  const crowd = await sets("crowd", 20, worst);

  // Baseline: one merge-tree of two commits in this repo, as a process.
  const a = await git(repo, ["commit-tree", "-p", head, "-m", "a", `${head}^{tree}`]);
  const b = await git(repo, ["commit-tree", "-p", head, "-m", "b", `${head}^{tree}`]);
  const mergeTree = await time(ctx.reps, () => git(repo, ["merge-tree", "--write-tree", a, b]));

  let r2: GradeReport | undefined;
  let r20: GradeReport | undefined;
  let rw: GradeReport | undefined;
  const g2 = await time(ctx.reps, async () => (r2 = await gradeOverlaps(repo, two)), "two");
  const g20 = await time(ctx.reps, async () => (r20 = await gradeOverlaps(repo, twenty)), "twenty");
  const gw = await time(ctx.reps, async () => (rw = await gradeOverlaps(repo, crowd)), "crowd");
  const tally = (r?: GradeReport) => {
    const c = { "same file": 0, adjacent: 0, contested: 0 };
    for (const p of r?.pairs ?? []) c[p.grade]++;
    return (
      `${r?.pairs.length ?? 0} pairs: ${c.contested} contested, ${c.adjacent} adjacent, ${c["same file"]} same ` +
      `file${r?.failed.length ? `, ${r.failed.length} failed` : ""}; ${r?.cost.gitCalls ?? 0} git processes`
    );
  };

  // The three-way accept check for one change set (merge computed out of place) vs `git apply --check`.
  const home = join(dir, "home");
  const id = "bench-merge-1";
  mkdirSync(workerPaths(home, id).dir, { recursive: true });
  const side = twenty[0]!;
  copyFileSync(side.patch, workerPaths(home, id).patch);
  const w = parse(WorkerStatus, {
    version: 1,
    id,
    label: "w1",
    index: 1,
    kind: "default",
    task: "bench",
    state: "ready",
    runToken: "t",
    project: repo,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    workspace: {
      type: "worktree",
      path: ws,
      parentDir: repo,
      repoRoot: repo,
      parentHead: head,
      baseline: head,
      parentHashes: {},
    },
    tmux: { session: "s", windowName: "w1" },
    changeSet: {
      baseline: head,
      files: side.paths.map((p) => ({ path: p, added: 1, removed: 1 })),
      patch: "changeset.patch",
      frozenAt: "2026-01-01T00:00:00.000Z",
    },
  });
  const accept = await time(ctx.reps, () => checkPromote(home, w), "accept");
  const applyCheck = await time(ctx.reps, () => git(repo, ["apply", "--check", workerPaths(home, id).patch]));

  return [
    {
      name: "merge grade: 2 change sets",
      value: g2,
      unit: "ms",
      baseline: mergeTree,
      baselineName: "one git merge-tree",
      note: `${FILES} files; ${tally(r2)}; ${cpu.get("two")!.toFixed(0)} ms CPU`,
    },
    {
      name: "merge grade: 20 change sets",
      value: g20,
      unit: "ms",
      baseline: worktreeAdd,
      baselineName: "one git worktree add",
      goal: "20 change sets < 1 s",
      note: `${tally(r20)}; ${cpu.get("twenty")!.toFixed(0)} ms CPU; half on an older baseline`,
    },
    {
      name: "merge grade: 20 change sets, one file",
      value: gw,
      unit: "ms",
      baseline: mergeTree,
      baselineName: "one git merge-tree",
      goal: "< 1 s",
      note: `worst case, ${tally(rw)}; ${cpu.get("crowd")!.toFixed(0)} ms CPU`,
    },
    {
      name: "accept check, three-way (3 files)",
      value: accept,
      unit: "ms",
      baseline: applyCheck,
      baselineName: "git apply --check",
      note: `merge computed out of place; ${cpu.get("accept")!.toFixed(0)} ms CPU`,
    },
  ];
}
