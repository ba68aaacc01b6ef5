// `docket spawn` against what it cannot avoid, each measured in this run on the same repo:
// starting node (`node -e 0`), a bare `git worktree add` and one `tmux new-window`. Spawn runs with
// DOCKET_TRACE=1, so the same runs also say where its time goes (module loading, workspace, records,
// window, announce) and how many git and tmux processes it started. The worker is a stand-in pi that sleeps,
// so no model or real pi competes for the CPU while the next spawn is timed.
import { execa } from "execa";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeDemoRepo } from "../demo/repo.js";
import { nodeBaseline, timeMedian, timeOnce } from "./measure.js";
import { median, type BenchContext, type BenchRow } from "./table.js";

const GOAL_MS = 500;
const GOAL_RATIO = 3;
const SESSION = "bench-spawn-baseline";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One traced spawn: wall time, the phases DOCKET_TRACE reported, and the child processes. */
interface Run {
  wall: number;
  phases: Map<string, number>;
  git: number;
  tmux: number;
}

/** Phase lines of DOCKET_TRACE=1 (`docket trace: +  T ms   D ms  spawn: <phase>`), summed by phase name. */
export function parseTrace(stderr: string): { phases: Map<string, number>; git: number; tmux: number } {
  const phases = new Map<string, number>();
  let git = 0;
  let tmux = 0;
  for (const line of stderr.split("\n")) {
    const m = /^docket trace: \+\s*\d+ ms\s+([\d.]+) ms\s+(.*)$/.exec(line);
    if (!m) continue;
    const ms = Number(m[1]);
    const what = m[2]!;
    if (what.startsWith("git ")) git++;
    else if (what.startsWith("tmux ")) tmux++;
    const phase = /^spawn: ([a-z ]+?)(?: \(|$)/.exec(what)?.[1];
    if (phase) phases.set(phase, (phases.get(phase) ?? 0) + ms);
  }
  return { phases, git, tmux };
}

async function tracedSpawn(ctx: BenchContext, env: NodeJS.ProcessEnv, repo: string, task: string): Promise<Run> {
  const t0 = performance.now();
  const r = await execa(ctx.docketBin, ["spawn", "--", task], {
    env: { ...env, DOCKET_TRACE: "1" },
    extendEnv: false,
    cwd: repo,
    stdin: "ignore",
    reject: false,
  });
  const wall = performance.now() - t0;
  if (r.exitCode !== 0) throw new Error(`spawn exited ${r.exitCode}: ${String(r.stderr).trim().split("\n").pop()}`);
  return { wall, ...parseTrace(String(r.stderr)) };
}

export default async function spawn(ctx: BenchContext): Promise<BenchRow[]> {
  const agentDir = ctx.env.PI_CODING_AGENT_DIR!;
  const cfgFile = join(agentDir, "docket.json");
  let cfg: { worker?: Record<string, unknown> } = {};
  try {
    cfg = JSON.parse(readFileSync(cfgFile, "utf8")) as typeof cfg;
  } catch {
    /* none yet */
  }
  writeFileSync(cfgFile, JSON.stringify({ ...cfg, worker: { ...cfg.worker, maxActive: 64 } }), { mode: 0o600 });
  const pi = join(ctx.tmp, "spawn-idle-pi");
  writeFileSync(pi, "#!/bin/sh\nexec sleep 600\n");
  chmodSync(pi, 0o755);
  const env = { ...ctx.env, DOCKET_PI: pi };
  const socket = ctx.env.DOCKET_TMUX_SOCKET ?? "";
  const tmux = (...a: string[]) =>
    execa("tmux", ["-L", socket, ...a], { env, extendEnv: false, reject: false, stdin: "ignore" });

  // The same repo for all three: the demo repo with a tracked edit and an untracked file, so spawn
  // seeds a dirty parent (what it usually does) while the bare worktree only checks out HEAD.
  const repo = await makeDemoRepo(join(ctx.tmp, "spawn-bench-repo"), ctx.env);
  writeFileSync(join(repo, "src", "greet.js"), 'export function greet(name) {\n  return "Hello, " + name + "!";\n}\n');
  writeFileSync(join(repo, "NOTES.md"), "untracked notes\n");

  const reps = Math.max(3, ctx.reps);
  const floor = await nodeBaseline(ctx);
  let n = 0;
  const wt = await timeMedian(reps, () =>
    timeOnce("git", ["worktree", "add", "-q", "--detach", join(ctx.tmp, `spawn-wt-${++n}`)], { env, cwd: repo }),
  );
  await tmux("new-session", "-d", "-s", SESSION, "-x", "200", "-y", "50");
  let w = 0;
  const win = await timeMedian(reps, () =>
    timeOnce(
      "tmux",
      ["-L", socket, "new-window", "-d", "-t", `=${SESSION}:`, "-n", `b${++w}`, "-c", repo, "--", "sleep", "600"],
      { env },
    ),
  );
  await tmux("kill-session", "-t", `=${SESSION}`);
  const baseline = floor + wt + win;

  const runs: Run[] = [];
  try {
    await tracedSpawn(ctx, env, repo, "spawn bench warm-up");
    for (let i = 0; i < reps; i++) {
      // Let the previous worker's launch wrapper start and publish before the next spawn is timed.
      await sleep(400);
      runs.push(await tracedSpawn(ctx, env, repo, `spawn bench ${i + 1}`));
    }
  } finally {
    await tmux("kill-session", "-t", "=docket-workers");
  }
  const value = median(runs.map((r) => r.wall));
  const phase = (p: string) => median(runs.map((r) => r.phases.get(p) ?? NaN));
  const last = runs[runs.length - 1]!;
  const goal = Math.max(GOAL_MS, GOAL_RATIO * baseline);
  const rows: BenchRow[] = [
    {
      name: "spawn (CLI returns, window open)",
      value,
      unit: "ms",
      baseline,
      baselineName: "node -e 0 + git worktree add + tmux new-window",
      goal: `≤ ${GOAL_MS} ms or ≤ ${GOAL_RATIO}× baseline`,
      note:
        `${value <= goal ? "met" : "NOT met"}; baseline = ${floor.toFixed(0)} + ${wt.toFixed(0)} + ` +
        `${win.toFixed(0)} ms; ${last.git} git + ${last.tmux} tmux processes; dirty parent; ${runs.length} runs`,
    },
    {
      name: "  spawn: before its own work (node, modules)",
      value: phase("start"),
      unit: "ms",
      baseline: floor,
      baselineName: "node -e 0",
      note: "node start + loading the CLI and spawn's modules",
    },
    {
      name: "  spawn: config, kinds, repo probe",
      value: phase("prepare"),
      unit: "ms",
      note: "one git rev-parse; reconcile only when the fleet is full",
    },
    {
      name: "  spawn: workspace",
      value: phase("workspace"),
      unit: "ms",
      baseline: wt,
      baselineName: "git worktree add",
      note: "index copy + add -A + write-tree + diff-index + commit-tree + worktree add",
    },
    {
      name: "  spawn: records",
      value: phase("records"),
      unit: "ms",
      note: "cap check, label, status.json ×2, task.md, launch.json",
    },
    {
      name: "  spawn: window",
      value: phase("window"),
      unit: "ms",
      baseline: win,
      baselineName: "tmux new-window",
      note: "one tmux command list: session, window, options, pane-died hook, show-options",
    },
    {
      name: "  spawn: announce",
      value: phase("announce"),
      unit: "ms",
      note: "status.json with the window, state event, status line (one tmux call)",
    },
  ];
  return rows;
}
