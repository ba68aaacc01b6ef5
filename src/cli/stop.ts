// docket stop <ref>: C-d, then kill-window after a short grace; the record stays (state ended).
import type { CommandModule } from "yargs";
import { out } from "../core/stdout.js";

const cmd: CommandModule<object, { ref?: string }> = {
  command: "stop [ref]",
  describe: "stop a worker cleanly and keep its record",
  builder: (y) =>
    y.positional("ref", { type: "string", describe: "wN, N, an id or a unique id prefix (`--` may come before it)" }),
  handler: async (argv) => {
    const [sel, { stopWorker }] = await Promise.all([import("../workers/select.js"), import("../workers/stop.js")]);
    const ref = sel.refArg("stop", argv.ref);
    const fleet = await sel.loadFleet();
    const s = await stopWorker(fleet.home, sel.pick(fleet, ref));
    out(`stopped ${s.label} (${s.state})\n`);
  },
};
export default cmd;
