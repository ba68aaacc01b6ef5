// Harvest latency: a worker's pane dies (its stand-in pi exits 3) → its record shows the death
// (failed or ended, with endedAt). Real private tmux server, real spawn, real pane-died hook and
// launch wrapper; the stand-in pi blocks on a FIFO so the moment of death is the bench's own write.
// Baseline: the same death seen by the launch wrapper (its exit-code file), in the same run.
import { execa } from "execa";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { workerPaths } from "../store/layout.js";
import { median, type BenchContext, type BenchRow } from "./table.js";

const GOAL_MS = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll (every 5 ms) until fn is true; the time it became true, or NaN after `timeoutMs`. */
async function until(fn: () => boolean, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (fn()) return performance.now();
    await sleep(5);
  }
  return NaN;
}

function deathRecorded(file: string): boolean {
  try {
    const s = JSON.parse(readFileSync(file, "utf8")) as { state?: string; endedAt?: string };
    return (s.state === "failed" || s.state === "ended") && typeof s.endedAt === "string";
  } catch {
    return false;
  }
}

export default async function harvest(ctx: BenchContext): Promise<BenchRow[]> {
  const home = ctx.env.DOCKET_HOME!;
  const fifos = join(ctx.tmp, "harvest-fifos");
  const pi = join(ctx.tmp, "harvest-pi");
  writeFileSync(pi, `#!/bin/sh\nf='${fifos}'/"$DOCKET_WORKER_ID"\nmkfifo "$f" && read x < "$f"\nexit 3\n`);
  chmodSync(pi, 0o755);
  const project = join(ctx.tmp, "harvest-project"); // small and outside any repo: a cheap copy workspace
  await execa("mkdir", ["-p", fifos, project]);
  const env = { ...ctx.env, DOCKET_PI: pi };
  const recorded: number[] = [];
  const wrapper: number[] = [];
  const reps = Math.min(ctx.reps, 5);
  let failedRuns = 0;
  try {
    for (let i = 0; i < reps; i++) {
      const r = await execa(ctx.docketBin, ["spawn", "--json", "--", `harvest bench ${i + 1}`], {
        env,
        extendEnv: false,
        cwd: project,
        stdin: "ignore",
        reject: false,
      });
      if (r.exitCode !== 0) throw new Error(`spawn exited ${r.exitCode}: ${String(r.stderr).split("\n")[0]}`);
      const id = (JSON.parse(String(r.stdout)) as { id: string }).id;
      const fifo = join(fifos, id);
      if (Number.isNaN(await until(() => existsSync(fifo), 10_000)))
        throw new Error(`the stand-in pi of ${id} never started`);
      await sleep(200); // let the spawn's own status writes settle
      const p = workerPaths(home, id);
      const t0 = performance.now();
      await writeFile(fifo, "die\n"); // returns once the stand-in has read it: it exits now
      const [seen, exitFile] = await Promise.all([
        until(() => deathRecorded(p.status), 10_000),
        until(() => existsSync(p.exitCode), 10_000),
      ]);
      if (Number.isNaN(seen)) failedRuns++;
      else recorded.push(seen - t0);
      if (!Number.isNaN(exitFile)) wrapper.push(exitFile - t0);
    }
  } finally {
    await execa("tmux", ["-L", ctx.env.DOCKET_TMUX_SOCKET ?? "", "kill-session", "-t", "=docket-workers"], {
      env: ctx.env,
      extendEnv: false,
      reject: false,
      stdin: "ignore",
    });
  }
  const worst = recorded.length ? Math.max(...recorded) : NaN;
  return [
    {
      name: "harvest latency (pane dies → record shows it)",
      value: median(recorded),
      unit: "ms",
      baseline: median(wrapper),
      baselineName: "exit-code file by the wrapper",
      goal: `≤ ${GOAL_MS} ms`,
      note:
        `${recorded.length} deaths, worst ${Number.isNaN(worst) ? "-" : worst.toFixed(0)} ms` +
        `${failedRuns ? `, ${failedRuns} never recorded within 10 s` : ""}${worst > GOAL_MS ? " (over the goal)" : ""}`,
    },
  ];
}
