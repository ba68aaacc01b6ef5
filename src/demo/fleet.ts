// Build the demo fleet in a world: demo repo, scripted model, one `docket spawn` per worker, then
// wait until every worker has reached the state its script drives it to.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DocketError } from "../core/errors.js";
import type { WorkerStatus } from "../core/schema.js";
import { listWorkers } from "../store/workers.js";
import { startModelServer, type ModelServer } from "./model-server.js";
import { makeDemoRepo } from "./repo.js";
import { DEMO_FLEET, type DemoWorker } from "./scripts.js";
import type { World } from "./world.js";

export interface Fleet {
  repo: string;
  model: ModelServer;
  /** label (w1…) per demo worker, in DEMO_FLEET order. */
  labels: string[];
}

export async function buildFleet(
  world: World,
  log: (s: string) => void,
  fleet: DemoWorker[] = DEMO_FLEET,
): Promise<Fleet> {
  const repo = await makeDemoRepo(join(world.dir, "greeter"), world.env);
  const model = await startModelServer(fleet.map((w) => w.script));
  model.writeModelsJson(world.agentDir);
  // Workers use the scripted model through config, the way a person would set their own model.
  writeFileSync(
    join(world.agentDir, "docket.json"),
    JSON.stringify({ worker: { model: "fake/fake-model" } }, null, 2) + "\n",
    { mode: 0o600 },
  );
  const labels: string[] = [];
  for (const w of fleet) {
    // `--` keeps a task that starts with a dash from being read as an option.
    const r = await world.docket(["spawn", "--", w.task], { cwd: repo });
    if (r.exitCode !== 0)
      throw new DocketError(`demo: spawning the ${w.role} worker failed: ${(r.stderr || r.stdout).trim()}`);
    const label = /\b(w\d+)\b/.exec(r.stdout)?.[1] ?? "?";
    labels.push(label);
    log(`  ${label}  ${w.role.padEnd(8)}  ${w.task}`);
  }
  return { repo, model, labels };
}

/** Has this worker reached what its script drives it to? */
export function reached(w: DemoWorker, s: WorkerStatus | undefined): boolean {
  if (!s) return false;
  switch (w.expect) {
    case "needs_input":
      return s.state === "needs_input" && !!s.question;
    case "ready":
      return s.state === "ready" && !!s.result;
    case "failed":
      return s.state === "failed";
    case "active":
      return (s.state === "active" || s.state === "idle") && s.todos.length > 0;
  }
}

export async function waitForFleet(
  world: World,
  labels: string[],
  timeoutMs = 120_000,
  fleet: DemoWorker[] = DEMO_FLEET,
): Promise<WorkerStatus[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { workers } = listWorkers(world.home);
    const byLabel = new Map(workers.map((w) => [w.label, w]));
    const statuses = labels.map((l) => byLabel.get(l));
    if (fleet.every((w, i) => reached(w, statuses[i]))) return statuses as WorkerStatus[];
    if (Date.now() > deadline) {
      const lines = fleet.map(
        (w, i) => `${labels[i]} ${w.role}: want ${w.expect}, is ${statuses[i]?.state ?? "missing"}`,
      );
      throw new DocketError(`demo: workers did not reach their states in ${timeoutMs / 1000}s (${lines.join("; ")})`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
