// docket respawn <ref|all>: relaunch ended/failed/error workers in their window name and workspace.
import type { CommandModule } from "yargs";
import { out } from "../core/stdout.js";

const cmd: CommandModule<object, { ref?: string; json?: boolean }> = {
  command: "respawn [ref]",
  describe: "relaunch an ended, failed or error worker, resuming its session (`all`: every such worker)",
  builder: (y) =>
    y.positional("ref", { type: "string", describe: "wN, N, an id, or all" }).option("json", { type: "boolean" }),
  handler: async (argv) => {
    const [sel, { respawnWorker, isRespawnable }] = await Promise.all([
      import("../workers/select.js"),
      import("../workers/respawn.js"),
    ]);
    const ref = sel.refArg("respawn", argv.ref, process.argv, (r) => r === "all");
    const fleet = await sel.loadFleet();
    const targets = ref === "all" ? fleet.workers.filter(isRespawnable) : [sel.pick(fleet, ref)];
    const done = [];
    for (const w of targets) {
      const s = await respawnWorker(fleet.home, w);
      done.push({ label: s.label, id: s.id, state: s.state });
      if (!argv.json) out(`respawned ${s.label} ${s.id}\n`);
    }
    if (argv.json) out(JSON.stringify(done) + "\n");
    else if (!targets.length) out("nothing to respawn\n");
  },
};
export default cmd;
