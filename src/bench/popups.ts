// Popup bench rows: inbox first paint with 50 workers in the store (ratio to `node -e 0`, goal ≤ 1.6×)
// and the preview update per cursor move (goal ≤ 30 ms).
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { seedStore } from "./fixtures.js";
import { nodeBaseline, timeMedian, timeOnce } from "./measure.js";
import type { BenchContext, BenchRow } from "./table.js";

export default async function popupsBench(ctx: BenchContext): Promise<BenchRow[]> {
  const dir = join(ctx.tmp, "popups-bench");
  const home = join(dir, "home");
  const bin = join(dir, "bin");
  mkdirSync(bin, { recursive: true });
  seedStore(home, 50, dir);
  // fzf needs a terminal to draw; this stand-in takes the rows the inbox hands over and closes at once,
  // so the run measures everything up to the moment fzf gets its list. fzf's own start is added below.
  const stub = join(bin, "fzf");
  writeFileSync(stub, "#!/bin/sh\ncat >/dev/null\nexit 130\n");
  chmodSync(stub, 0o755);
  const env = { ...ctx.env, DOCKET_HOME: home, PATH: `${bin}:${ctx.env.PATH ?? process.env.PATH ?? ""}`, COLUMNS: "160" };
  const floor = await nodeBaseline(ctx);
  const inbox = await timeMedian(ctx.reps, () => timeOnce(ctx.docketBin, ["inbox", "--all"], { env, cwd: dir }));
  const rows50 = Array.from({ length: 50 }, (_, i) => `${i}\tw${i} row`).join("\n") + "\n";
  const fzfStart = await timeMedian(ctx.reps, () => timeOnce("fzf", ["--filter", "w"], { env: ctx.env, input: rows50 })).catch(() => NaN);
  const paint = inbox + (Number.isNaN(fzfStart) ? 0 : fzfStart);

  // A cursor move runs the preview command: `sh -c "cat <dir>/<n>"` on a pre-rendered card.
  const card = join(dir, "card");
  writeFileSync(card, "● w3 · run migration suite\n".repeat(40), { mode: 0o600 });
  const preview = await timeMedian(ctx.reps, () => timeOnce("sh", ["-c", `cat '${card}' >/dev/null`], { env: ctx.env }));
  return [
    {
      name: "inbox first paint, 50 workers",
      value: paint,
      unit: "ms",
      baseline: floor,
      baselineName: "node -e 0",
      goal: "≤ 1.6× node -e 0",
      note: `docket ${inbox.toFixed(0)} ms up to handing fzf its rows + fzf start ${Number.isNaN(fzfStart) ? "n/a" : fzfStart.toFixed(0) + " ms"}; median of ${ctx.reps}`,
    },
    { name: "inbox preview per cursor move", value: preview, unit: "ms", goal: "≤ 30 ms", note: "pre-rendered card: sh -c cat, no node" },
  ];
}
