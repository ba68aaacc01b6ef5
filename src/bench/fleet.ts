// The resident memory of any long-lived docket process once a fleet of real pi workers is up
// (goal: none besides the per-worker launch wrapper).
import { execa } from "execa";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startModelServer } from "../demo/model-server.js";
import { makeDemoRepo } from "../demo/repo.js";
import { listWorkers } from "../store/workers.js";
import type { BenchContext, BenchRow } from "./table.js";

interface Proc {
  pid: number;
  rssKb: number;
  cmd: string;
}

/** Processes carrying this bench's DOCKET_HOME in their environment (Linux /proc; own user only). */
function docketProcesses(home: string): Proc[] {
  const out: Proc[] = [];
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return out;
  }
  for (const p of pids) {
    try {
      const environ = readFileSync(`/proc/${p}/environ`, "utf8");
      if (!environ.split("\0").includes(`DOCKET_HOME=${home}`)) continue;
      const cmd = readFileSync(`/proc/${p}/cmdline`, "utf8").split("\0").join(" ").trim();
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      out.push({ pid: Number(p), rssKb: Number(rss?.[1] ?? 0), cmd });
    } catch {
      /* gone, or not ours */
    }
  }
  return out;
}

export default async function fleet(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const home = ctx.env.DOCKET_HOME!;
  const agentDir = ctx.env.PI_CODING_AGENT_DIR!;
  const model = await startModelServer([{ steps: [{ hang: true }] }]);
  try {
    model.writeModelsJson(agentDir);
    writeFileSync(
      join(agentDir, "docket.json"),
      JSON.stringify({ worker: { model: "fake/fake-model", maxActive: 16 } }),
      { mode: 0o600 },
    );
    const repo = await makeDemoRepo(join(ctx.tmp, "spawn-repo"), ctx.env);
    // The spawn timing itself is the spawn module's (src/bench/spawn.ts); here real pi workers are
    // started so the rows below have a fleet to look at.
    const before = listWorkers(home).workers.length;
    let spawnFailure = "";
    for (let k = 1; k <= Math.min(ctx.reps, 4) + 1 && !spawnFailure; k++) {
      const r = await execa(ctx.docketBin, ["spawn", "--", `bench worker ${k}`], {
        env: ctx.env,
        extendEnv: false,
        cwd: repo,
        stdin: "ignore",
        reject: false,
      });
      if (r.exitCode !== 0) spawnFailure = String(r.stderr).trim().split("\n")[0]!.slice(0, 80);
    }
    const made = listWorkers(home).workers.length - before;
    // Let short-lived CLI processes exit, then see what stays.
    await new Promise((r) => setTimeout(r, 3000));
    const procs = docketProcesses(home).filter((p) => p.pid !== process.pid);
    // pi renames its process to "pi"; older builds show the script path.
    const isPi = (p: Proc) =>
      p.cmd === "pi" || p.cmd.startsWith("pi ") || /pi-coding-agent|node_modules\/\.bin\/pi\b/.test(p.cmd);
    const isWrapper = (p: Proc) => p.cmd.includes("dist/run.js");
    const isTmux = (p: Proc) =>
      /^tmux\b/.test(p.cmd.split("/").pop() ?? "") || /\btmux\b/.test(p.cmd.split(" ")[0] ?? "");
    const pis = procs.filter(isPi);
    const wrappers = procs.filter(isWrapper);
    const others = procs.filter(
      (p) => !isPi(p) && !isWrapper(p) && !isTmux(p) && !/\bbash\b|\bsh\b/.test(p.cmd.split(" ")[0] ?? ""),
    );
    const mb = (ps: Proc[]) => ps.reduce((s, p) => s + p.rssKb, 0) / 1024;
    const avg = (ps: Proc[]) => (ps.length ? mb(ps) / ps.length : NaN);
    rows.push({
      name: "long-lived docket processes (daemons)",
      value: others.length,
      unit: "procs",
      goal: "none",
      note: spawnFailure
        ? `spawn failed: ${spawnFailure}`
        : others.length
          ? `${mb(others).toFixed(1)} MB: ${others.map((p) => p.cmd.slice(0, 60)).join("; ")}`
          : `${pis.length} pi workers running (${made} spawned)`,
    });
    rows.push({
      name: "launch wrapper RSS per worker",
      value: avg(wrappers),
      unit: "MB",
      baseline: avg(pis),
      baselineName: "the pi process it wraps",
      goal: "small next to pi",
      note: wrappers.length ? `${wrappers.length} wrappers` : "no wrapper processes found",
    });
  } finally {
    // The bench's workers must not eat CPU while later modules measure.
    await execa("tmux", ["-L", ctx.env.DOCKET_TMUX_SOCKET ?? "", "kill-session", "-t", "=docket-workers"], {
      env: ctx.env,
      extendEnv: false,
      reject: false,
      stdin: "ignore",
    });
    await model.close();
  }
  return rows;
}
