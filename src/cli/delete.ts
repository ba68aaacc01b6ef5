// docket delete <ref>: a worker ref stops the worker and removes its workspace and record (children go
// too); a bundle ref (b<N> or last) removes that evidence bundle.
import type { CommandModule } from "yargs";
import { out } from "../core/stdout.js";

const cmd: CommandModule<object, { ref?: string; json?: boolean }> = {
  command: "delete [ref]",
  describe: "delete a worker (stop, remove workspace and record, cascade to children) or a bundle (b<N>|last)",
  builder: (y) =>
    y
      .positional("ref", { type: "string", describe: "wN, N, a worker id, b<N> or last" })
      .option("json", { type: "boolean" }),
  handler: async (argv) => {
    const { refArg } = await import("../workers/select.js");
    const isBundle = (r: string) => /^b\d+$/.test(r) || r === "last";
    const ref = refArg("delete", argv.ref, process.argv, isBundle);
    if (isBundle(ref)) {
      const [{ deleteBundleEverywhere }, { docketHome }] = await Promise.all([
        import("../evidence/mounted.js"),
        import("../core/env.js"),
      ]);
      const r = deleteBundleEverywhere(docketHome(), ref);
      out(argv.json ? JSON.stringify({ bundle: r.id, removed: r.removed }) + "\n" : `deleted bundle ${r.id}\n`);
      return;
    }
    const [sel, { deleteWorker }] = await Promise.all([import("../workers/select.js"), import("../workers/stop.js")]);
    const fleet = await sel.loadFleet();
    const removed = await deleteWorker(fleet.home, sel.pick(fleet, ref));
    out(argv.json ? JSON.stringify({ workers: removed }) + "\n" : `deleted ${removed.join(", ")}\n`);
  },
};
export default cmd;
