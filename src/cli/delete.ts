// docket delete <ref>: stop, remove the workspace and the record; children go too.
import type { CommandModule } from "yargs";

const cmd: CommandModule<object, { ref: string }> = {
  command: "delete <ref>",
  describe: "stop a worker and remove its workspace and record (and its children's); or delete a bundle (b<N>, last)",
  builder: (y) => y.positional("ref", { type: "string", demandOption: true }),
  handler: async (argv) => {
    // Bundles (b<N>, last) share this verb; worker refs never look like that.
    if (/^(b[1-9]\d{0,8}|last)$/.test(String(argv.ref))) {
      const { deleteBundleEverywhere } = await import("../evidence/mounted.js");
      const { docketHome } = await import("../core/env.js");
      process.stdout.write(`deleted bundle ${deleteBundleEverywhere(docketHome(), String(argv.ref)).id}\n`);
      return;
    }
    const [sel, { deleteWorker }] = await Promise.all([import("../workers/select.js"), import("../workers/stop.js")]);
    const fleet = await sel.loadFleet();
    const removed = await deleteWorker(fleet.home, sel.pick(fleet, String(argv.ref)));
    process.stdout.write(`deleted ${removed.join(", ")}\n`);
  },
};
export default cmd;
