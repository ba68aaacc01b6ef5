// `docket unload <id|wN|all>`: drop a mounted source.
import type { CommandModule } from "yargs";
import { docketHome } from "../core/env.js";

const cmd: CommandModule<object, { source: string }> = {
  command: "unload <source>",
  describe: "drop a mounted bundle (b2, last), worker (w3) or all",
  builder: (y) => y.positional("source", { type: "string", demandOption: true }),
  handler: async (argv) => {
    const { unloadSource } = await import("../evidence/mounted.js");
    const dropped = unloadSource(docketHome(), argv.source);
    process.stdout.write(dropped.length ? `unloaded ${dropped.join(", ")}\n` : "nothing was loaded\n");
  },
};
export default cmd;
