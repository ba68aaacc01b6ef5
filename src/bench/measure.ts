// Timing helpers shared by bench modules: wall time of a process, medians, the `node -e 0` floor.
import { execa } from "execa";
import { basename } from "node:path";
import { median, type BenchContext } from "./table.js";

export interface RunOpts {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
}

/** Wall time of one process run, in ms. Throws when the process fails (a failing run is no timing). */
export async function timeOnce(cmd: string, args: string[], opts: RunOpts = {}): Promise<number> {
  const t0 = process.hrtime.bigint();
  const r = await execa(cmd, args, {
    env: opts.env,
    extendEnv: false,
    cwd: opts.cwd,
    input: opts.input,
    stdin: opts.input === undefined ? "ignore" : undefined,
    reject: false,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.exitCode !== 0)
    throw new Error(
      `${basename(cmd)} ${args.join(" ")} exited ${r.exitCode}: ${
        String(r.stderr ?? "")
          .trim()
          .split("\n")[0]
      }`,
    );
  return ms;
}

/** Median of `reps` runs after one warm-up run (the first run pays the disk cache). */
export async function timeMedian(reps: number, fn: () => Promise<number>): Promise<number> {
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < reps; i++) xs.push(await fn());
  return median(xs);
}

let nodeFloor: number | undefined;

/** `node -e 0`: the cost of starting node at all, measured once per bench run. */
export async function nodeBaseline(ctx: BenchContext): Promise<number> {
  nodeFloor ??= await timeMedian(ctx.reps, () => timeOnce(process.execPath, ["-e", "0"], { env: ctx.env }));
  return nodeFloor;
}
