// `docket copy <artifact>`: an artifact's text to the tmux buffer and the system clipboard.
import type { CommandModule } from "yargs";
import { docketHome } from "../core/env.js";

interface Args {
  artifact: string;
  ref?: boolean;
}

const cmd: CommandModule<object, Args> = {
  command: "copy <artifact>",
  describe: "copy an artifact's full text (or --ref: its compact reference) to tmux and the system clipboard",
  builder: (y) =>
    y
      .positional("artifact", { type: "string", demandOption: true })
      .option("ref", { type: "boolean", describe: "copy the compact reference instead" }),
  handler: async (argv) => {
    const { copyArtifact } = await import("../evidence/deliver.js");
    const r = await copyArtifact(docketHome(), argv.artifact, argv.ref ? "ref" : "full");
    process.stderr.write(`copied ${r.ref} to ${r.targets.join(" and ")}\n`);
  },
};
export default cmd;
