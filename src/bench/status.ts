// Bench: the tmux status line. (1) latency from a worker's state change to @docket_status being set
// on the server, next to one bare tmux round trip; (2) processes the tmux server starts over 30 s of
// status redraws (status-interval 1, a client attached) with docket's status line, next to a control
// status line using #(…), which proves the counter sees redraw-driven forks.
import { execa } from "execa";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { WorkerStatus } from "../core/schema.js";
import { updateStatus, writeNewStatus } from "../store/workers.js";
import { forgetPublished, publishFleetResult } from "../tmux/publish.js";
import { forgetServerOptions } from "../tmux/options.js";
import { median, type BenchContext, type BenchRow } from "./table.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function fixture(home: string): string {
  const now = new Date().toISOString();
  const id = "bench-status-0001";
  writeNewStatus(home, {
    version: 1,
    id,
    label: "w1",
    index: 1,
    kind: "default",
    task: "bench",
    state: "active",
    runToken: "r",
    project: "/bench",
    createdAt: now,
    updatedAt: now,
    lastActivityAt: now,
    depth: 0,
    todos: [],
    questions: [],
    workspace: { type: "parent", path: "/bench", parentDir: "/bench" },
    tmux: { session: "docket-workers", windowName: "w1" },
  } as WorkerStatus);
  return id;
}

function tmuxSyncMs(env: NodeJS.ProcessEnv, args: string[]): { ms: number; out: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync("tmux", ["-L", env.DOCKET_TMUX_SOCKET!, ...args], { env, encoding: "utf8" });
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, out: (r.stdout ?? "").trim() };
}

async function latency(ctx: BenchContext): Promise<BenchRow[]> {
  // A home of its own, so the fixture never shows up in other modules' stores.
  const home = join(ctx.tmp, "status-bench-home");
  const id = fixture(home);
  forgetServerOptions();
  forgetPublished();
  const xs: number[] = [];
  const base: number[] = [];
  const reps = Math.max(ctx.reps * 3, 10);
  for (let i = 0; i < reps; i++) {
    const asking = i % 2 === 0;
    const t0 = process.hrtime.bigint();
    updateStatus(home, id, (s) => ({
      ...s,
      state: asking ? "needs_input" : "active",
      question: asking ? { text: "q?", askedAt: new Date().toISOString() } : undefined,
    }));
    publishFleetResult(home, ctx.env);
    // Done when the server answers with the new value.
    const want = asking ? "1" : "0";
    for (;;) {
      if (tmuxSyncMs(ctx.env, ["show-options", "-gv", "@docket_waiting"]).out === want) break;
      await sleep(1);
    }
    xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    base.push(tmuxSyncMs(ctx.env, ["show-options", "-gv", "@docket_status"]).ms);
  }
  // Put the real store's summary back for whatever runs next.
  forgetPublished();
  publishFleetResult(ctx.env.DOCKET_HOME ?? home, ctx.env);
  return [
    {
      name: "status: state change → @docket_status set",
      value: median(xs),
      unit: "ms",
      baseline: median(base),
      baselineName: "one tmux round trip",
      goal: "< 1000 ms",
      note: `${reps} changes; locked status write + one tmux call, in-process (as the extension does it)`,
    },
  ];
}

/** Child pids of a process right now. */
function children(pid: number): number[] {
  const f = `/proc/${pid}/task/${pid}/children`;
  if (existsSync(f)) return readFileSync(f, "utf8").split(/\s+/).filter(Boolean).map(Number);
  const out: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

interface Watched {
  server: string;
  outer: string;
  pid: number;
}

/** A private server with a status line and a real client attached (status only redraws for clients). */
async function watchedServer(ctx: BenchContext, name: string, statusRight: string): Promise<Watched> {
  const env = { ...ctx.env };
  delete env.TMUX;
  const server = `${ctx.env.DOCKET_TMUX_SOCKET}-${name}`;
  const outer = `${server}-client`;
  const t = (...a: string[]) => execa("tmux", ["-L", server, ...a], { env, extendEnv: false, stdin: "ignore" });
  await t("-f", "/dev/null", "new-session", "-d", "-s", "s", "-x", "120", "-y", "30");
  await t("set-option", "-g", "status-interval", "1");
  await t("set-option", "-g", "status-right", statusRight);
  await t("run-shell", join(ctx.root, "docket.tmux"));
  await execa(
    "tmux",
    [
      "-L",
      outer,
      "-f",
      "/dev/null",
      "new-session",
      "-d",
      "-x",
      "120",
      "-y",
      "30",
      `env -u TMUX tmux -L ${server} attach -t s`,
    ],
    { env, extendEnv: false, stdin: "ignore" },
  );
  for (let i = 0; i < 100 && !(await t("list-clients")).stdout.trim(); i++) await sleep(50);
  const pid = Number((await t("display-message", "-p", "#{pid}")).stdout.trim());
  return { server, outer, pid };
}

async function stop(ctx: BenchContext, w: Watched): Promise<void> {
  for (const s of [w.outer, w.server])
    await execa("tmux", ["-L", s, "kill-server"], { env: ctx.env, extendEnv: false, reject: false, stdin: "ignore" });
}

async function redrawForks(ctx: BenchContext): Promise<BenchRow[]> {
  const seconds = ctx.reps <= 3 ? 10 : 30;
  const ours = await watchedServer(ctx, "ours", "#{docket_status} %H:%M:%S");
  const control = await watchedServer(ctx, "control", "#(sleep 0.05; echo x) %H:%M:%S");
  try {
    const ourRight = spawnSync("tmux", ["-L", ours.server, "show-options", "-gv", "status-right"], {
      env: ctx.env,
      encoding: "utf8",
    }).stdout.trim();
    const seen = { ours: new Set<number>(), control: new Set<number>() };
    const before = { ours: new Set(children(ours.pid)), control: new Set(children(control.pid)) };
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      for (const p of children(ours.pid)) if (!before.ours.has(p)) seen.ours.add(p);
      for (const p of children(control.pid)) if (!before.control.has(p)) seen.control.add(p);
      await sleep(5);
    }
    return [
      {
        name: `status redraws: processes started in ${seconds} s`,
        value: seen.ours.size,
        unit: "count",
        baseline: seen.control.size,
        baselineName: "control: #(sleep 0.05; echo x)",
        goal: "0",
        note:
          `status-interval 1, client attached; status-right ${JSON.stringify(ourRight)}; children of the tmux ` +
          `server sampled every 5 ms`,
      },
    ];
  } finally {
    await stop(ctx, ours);
    await stop(ctx, control);
  }
}

export default async function statusBench(ctx: BenchContext): Promise<BenchRow[]> {
  return [...(await latency(ctx)), ...(await redrawForks(ctx))];
}
