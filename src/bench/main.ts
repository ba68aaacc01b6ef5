// `npm run bench`: one table, every figure next to a baseline measured in the same run.
// Runs in a private world (own tmux server, store and pi agent dir); never the person's own.
import { createWorld, DOCKET_BIN, ROOT } from "../demo/world.js";
import { errorMessage } from "../core/errors.js";
import { nodeBaseline } from "./measure.js";
import { renderTable, type BenchContext, type BenchModule, type BenchRow } from "./table.js";

/** Modules in run order; each loads on its own so one that fails to load is a row, not a crash. */
const MODULES: Record<string, () => Promise<{ default: BenchModule }>> = {
  build: () => import("./build.js"),
  spawn: () => import("./spawn.js"),
  fleet: () => import("./fleet.js"),
  harvest: () => import("./harvest.js"),
  health: () => import("./health.js"),
  status: () => import("./status.js"),
  popups: () => import("./popups.js"),
  scale: () => import("./scale.js"),
  search: () => import("./search.js"),
  merge: () => import("./merge.js"),
  verbs: () => import("./verbs.js"),
  remote: () => import("./remote.js"),
};

async function load(name: string): Promise<BenchModule | undefined> {
  return (await MODULES[name]!()).default;
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const only = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const world = createWorld("docket-bench");
  const ctx: BenchContext = { root: ROOT, docketBin: DOCKET_BIN, env: world.env, tmp: world.dir, reps: quick ? 3 : 7 };
  const rows: BenchRow[] = [];
  const onSig = () => void world.cleanup().finally(() => process.exit(130));
  process.once("SIGINT", onSig);
  process.once("SIGTERM", onSig);
  try {
    await world.startServer("bench");
    await world.loadPlugin();
    const floor = await nodeBaseline(ctx);
    rows.push({ name: "node -e 0 (the floor)", value: floor, unit: "ms", note: "baseline for process start-up rows" });
    for (const name of Object.keys(MODULES).filter((m) => only.length === 0 || only.includes(m))) {
      process.stderr.write(`bench: ${name}…\n`);
      let mod: BenchModule | undefined;
      try {
        mod = await load(name);
      } catch (err) {
        rows.push({ name, value: NaN, unit: "", note: `failed to load: ${errorMessage(err).slice(0, 100)}` });
        continue;
      }
      if (!mod) {
        rows.push({ name, value: NaN, unit: "", note: "not available yet" });
        continue;
      }
      try {
        rows.push(...(await mod(ctx)));
      } catch (err) {
        rows.push({ name, value: NaN, unit: "", note: `failed: ${errorMessage(err).split("\n")[0]!.slice(0, 100)}` });
      }
    }
  } finally {
    await world.cleanup();
  }
  process.stdout.write(renderTable(rows) + "\n");
}

main().catch((err: unknown) => {
  process.stderr.write(`docket bench: ${errorMessage(err)}\n`);
  process.exit(1);
});
