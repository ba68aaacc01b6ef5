// How inbox and search cost grows with the store: 10, 100 and 1000 synthetic workers, each timing
// next to `node -e 0` from the same run, plus the marginal cost per extra worker.
import { execaSync } from "execa";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { seedStore } from "./fixtures.js";
import { nodeBaseline, timeMedian, timeOnce } from "./measure.js";
import type { BenchContext, BenchRow } from "./table.js";

const SIZES = [10, 100, 1000];

interface Probe {
  name: string;
  args: string[];
}

const PROBES: Probe[] = [
  { name: "inbox --plain", args: ["inbox", "--plain"] },
  { name: "search", args: ["search", "--json", "stale cache"] },
];

export default async function scale(ctx: BenchContext): Promise<BenchRow[]> {
  const floor = await nodeBaseline(ctx);
  const home = join(ctx.tmp, "scale-home");
  const project = join(ctx.tmp, "scale-project");
  mkdirSync(project, { recursive: true });
  execaSync("git", ["init", "-q", project], { env: ctx.env, extendEnv: false });
  const env = { ...ctx.env, DOCKET_HOME: home };
  const rows: BenchRow[] = [];
  const times = new Map<string, number[]>();
  const missing = new Set<string>();
  let have = 0;
  for (const n of SIZES) {
    seedStore(home, n - have, project, have + 1);
    have = n;
    for (const p of PROBES) {
      const row: BenchRow = {
        name: `${p.name} @ ${n} workers`,
        value: NaN,
        unit: "ms",
        baseline: floor,
        baselineName: "node -e 0",
      };
      if (missing.has(p.name)) continue;
      try {
        row.value = await timeMedian(n >= 1000 ? Math.min(ctx.reps, 3) : ctx.reps, () =>
          timeOnce(ctx.docketBin, p.args, { env, cwd: project }),
        );
        times.set(p.name, [...(times.get(p.name) ?? []), row.value]);
      } catch (err) {
        row.note = `not available yet (${(err as Error).message.slice(0, 80)})`;
        missing.add(p.name);
      }
      rows.push(row);
    }
  }
  for (const p of PROBES) {
    const t = times.get(p.name);
    if (!t || t.length !== SIZES.length) continue;
    const per = (t[SIZES.length - 1]! - t[0]!) / (SIZES[SIZES.length - 1]! - SIZES[0]!);
    rows.push({
      name: `${p.name}: cost per extra worker`,
      value: per,
      unit: "ms",
      goal: "≤ 0.1 ms",
      note: `slope 10 → 1000 workers`,
    });
  }
  return rows;
}
