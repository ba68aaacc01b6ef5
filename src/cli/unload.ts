// `docket unload <id|wN|all>`: drop a mounted source.
import type { CommandModule } from "yargs";
import { docketHome } from "../core/env.js";
import { out } from "../core/stdout.js";

const cmd: CommandModule<object, { source?: string }> = {
  command: "unload [source]",
  describe: "drop a mounted bundle (b2, last), worker (w3) or all",
  builder: (y) => y.positional("source", { type: "string", describe: "b<N>, last, all, or a worker: wN, N, an id" }),
  handler: async (argv) => {
    const [{ unloadSource, isBundleRef }, { refArg }] = await Promise.all([
      import("../evidence/mounted.js"),
      import("../workers/select.js"),
    ]);
    const dropped = unloadSource(
      docketHome(),
      refArg("unload", argv.source, process.argv, (r) => r === "all" || isBundleRef(r)),
    );
    out(dropped.length ? `unloaded ${dropped.join(", ")}\n` : "nothing was loaded\n");
  },
};
export default cmd;
