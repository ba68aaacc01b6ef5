// Verbs at 100 workers: the ordinary, non-interactive commands on a synthetic store of 100 workers
// (search on 200), each a ratio to `node -e 0` timed in the same loop, one run of each in turn, so
// both see the same machine load. Goal: ≤ 2× node -e 0 (search at 200 workers: ≤ 3×).
import { execaSync } from "execa";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { seedStore } from "./fixtures.js";
import { timeOnce } from "./measure.js";
import { median, type BenchContext, type BenchRow } from "./table.js";

interface Probe {
  name: string;
  args: string[];
  workers: 100 | 200;
  goal: number;
}

const PROBES: Probe[] = [
  { name: "workers", args: ["workers"], workers: 100, goal: 2 },
  { name: "status", args: ["status"], workers: 100, goal: 2 },
  { name: "show w1", args: ["show", "w1"], workers: 100, goal: 2 },
  { name: "inbox --plain", args: ["inbox", "--plain"], workers: 100, goal: 2 },
  { name: "inbox --json", args: ["inbox", "--json"], workers: 100, goal: 2 },
  { name: "log", args: ["log"], workers: 100, goal: 2 },
  { name: "decisions", args: ["decisions"], workers: 100, goal: 2 },
  { name: "kinds", args: ["kinds"], workers: 100, goal: 2 },
  { name: "list", args: ["list"], workers: 100, goal: 2 },
  { name: "search x", args: ["search", "x"], workers: 200, goal: 3 },
];

export default async function verbs(ctx: BenchContext): Promise<BenchRow[]> {
  const reps = ctx.reps <= 3 ? 5 : 15;
  const stores = new Map<number, { env: NodeJS.ProcessEnv; cwd: string }>();
  for (const n of [100, 200]) {
    const home = join(ctx.tmp, `verbs-home-${n}`);
    const cwd = join(ctx.tmp, `verbs-project-${n}`);
    mkdirSync(cwd, { recursive: true });
    execaSync("git", ["init", "-q", cwd], { env: ctx.env, extendEnv: false });
    seedStore(home, n, cwd);
    stores.set(n, { env: { ...ctx.env, DOCKET_HOME: home }, cwd });
  }
  const floor = () => timeOnce(process.execPath, ["-e", "0"], { env: ctx.env });
  const run = (p: Probe) => timeOnce(ctx.docketBin, p.args, stores.get(p.workers)!);
  const failed = new Map<string, string>();
  // One warm-up run each (disk cache); a failing verb becomes a row with its message.
  for (const p of PROBES) await run(p).catch((err: Error) => failed.set(p.name, err.message.slice(0, 80)));
  const base: number[] = [await floor()];
  const times = new Map<string, number[]>(PROBES.map((p) => [p.name, []]));
  for (let i = 0; i < reps; i++) {
    for (const p of PROBES) {
      if (failed.has(p.name)) continue;
      times.get(p.name)!.push(await run(p));
      base.push(await floor());
    }
  }
  const b = median(base);
  return PROBES.map((p) => ({
    name: `verbs at 100 workers: ${p.name}${p.workers === 200 ? " @ 200 workers" : ""}`,
    value: failed.has(p.name) ? NaN : median(times.get(p.name)!),
    unit: "ms",
    baseline: b,
    baselineName: "node -e 0 (same loop)",
    goal: `≤ ${p.goal}× node -e 0`,
    note: failed.get(p.name) ?? `median of ${reps}, interleaved with node -e 0`,
  }));
}
