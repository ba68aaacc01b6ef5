// `docket clear`: drop every pending load (mounted bundles and workers).
import type { CommandModule } from "yargs";
import { docketHome } from "../core/env.js";
import { out } from "../core/stdout.js";

const cmd: CommandModule = {
  command: "clear",
  describe: "drop all pending loads from the inbox",
  handler: async () => {
    const { unloadSource } = await import("../evidence/mounted.js");
    const dropped = unloadSource(docketHome(), "all");
    out(dropped.length ? `cleared ${dropped.join(", ")}\n` : "nothing was loaded\n");
  },
};
export default cmd;
