// Honest health: a real pi with no API key for its model → its worker shows `failed` with pi's words.
// Measured from the extension's first report (pi is up and has said what it can't do) to the failed
// record (goal ≤ 15 s), next to how long pi took to come up, in the same run.
import { execa } from "execa";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { workerPaths } from "../store/layout.js";
import { median, type BenchContext, type BenchRow } from "./table.js";

const GOAL_MS = 15_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface StateEvent {
  ts: string;
  kind: string;
  payload: { to?: string };
}

function stateEvents(file: string): StateEvent[] {
  try {
    return readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as StateEvent)
      .filter((e) => e.kind === "state");
  } catch {
    return [];
  }
}

export default async function health(ctx: BenchContext): Promise<BenchRow[]> {
  const home = ctx.env.DOCKET_HOME!;
  const project = join(ctx.tmp, "health-project");
  await execa("mkdir", ["-p", join(project, ".pi")]);
  // The model comes from the project's worker.model: a --model pi has no key for is refused at spawn
  // (pi --list-models does not list it), while worker.model is left for pi itself to fail on.
  writeFileSync(
    join(project, ".pi", "docket.json"),
    JSON.stringify({ worker: { model: "anthropic/claude-sonnet-4-5" } }),
  );
  const toFailed: number[] = [];
  const startUp: number[] = [];
  let missed = 0;
  try {
    for (let i = 0; i < Math.min(ctx.reps, 2); i++) {
      // A built-in provider and no key in this bench's environment: pi refuses every prompt.
      const r = await execa(ctx.docketBin, ["spawn", "--json", "--", `health bench ${i + 1}`], {
        env: ctx.env,
        extendEnv: false,
        cwd: project,
        stdin: "ignore",
        reject: false,
      });
      if (r.exitCode !== 0) throw new Error(`spawn exited ${r.exitCode}: ${String(r.stderr).split("\n")[0]}`);
      const s = JSON.parse(String(r.stdout)) as { id: string; createdAt: string };
      const events = workerPaths(home, s.id).events;
      let up: StateEvent | undefined;
      let failed: StateEvent | undefined;
      for (let t = 0; t < 600 && !failed; t++) {
        const es = stateEvents(events);
        up = es.find((e) => e.payload.to === "active");
        failed = es.find((e) => e.payload.to === "failed");
        if (!failed) await sleep(100);
      }
      if (!failed || !up) {
        missed++;
        continue;
      }
      toFailed.push(Date.parse(failed.ts) - Date.parse(up.ts));
      startUp.push(Date.parse(up.ts) - Date.parse(s.createdAt));
    }
  } finally {
    await execa("tmux", ["-L", ctx.env.DOCKET_TMUX_SOCKET ?? "", "kill-session", "-t", "=docket-workers"], {
      env: ctx.env,
      extendEnv: false,
      reject: false,
      stdin: "ignore",
    });
  }
  const v = median(toFailed);
  return [
    {
      name: "no API key → failed (pi up → record says so)",
      value: v,
      unit: "ms",
      baseline: median(startUp),
      baselineName: "spawn → pi up (first heartbeat)",
      goal: `≤ ${GOAL_MS} ms`,
      note:
        `${toFailed.length} workers${missed ? `, ${missed} never failed within 60 s` : ""}` +
        `${v > GOAL_MS ? " (over the goal)" : ""}`,
    },
  ];
}
