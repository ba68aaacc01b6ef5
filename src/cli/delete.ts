// docket delete <ref>: stop, remove the workspace and the record; children go too.
import type { CommandModule } from "yargs";

const cmd: CommandModule<object, { ref: string }> = {
  command: "delete <ref>",
  describe: "stop a worker and remove its workspace and record (and its children's)",
  builder: (y) => y.positional("ref", { type: "string", demandOption: true }),
  handler: async (argv) => {
    const [sel, { deleteWorker }] = await Promise.all([import("../workers/select.js"), import("../workers/stop.js")]);
    const fleet = await sel.loadFleet();
    const removed = await deleteWorker(fleet.home, sel.pick(fleet, String(argv.ref)));
    process.stdout.write(`deleted ${removed.join(", ")}\n`);
  },
};
export default cmd;
