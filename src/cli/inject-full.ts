// `docket inject-full <artifact> [-t pane]`: paste an artifact's full text into a pane.
import type { CommandModule } from "yargs";
import { docketHome } from "../core/env.js";

interface Args {
  artifact: string;
  t?: string;
  print?: boolean;
}

const cmd: CommandModule<object, Args> = {
  command: "inject-full <artifact>",
  describe: "paste an artifact's full text into the origin pane or -t <pane>",
  builder: (y) =>
    y
      .positional("artifact", { type: "string", demandOption: true })
      .option("t", { alias: "target", type: "string", describe: "pane to paste into (default $TMUX_PANE)" })
      .option("print", { type: "boolean", describe: "print the full text instead of pasting it" }),
  handler: async (argv) => {
    const home = docketHome();
    const { pasteArtifact, renderArtifact } = await import("../evidence/deliver.js");
    if (argv.print) {
      process.stdout.write(renderArtifact(home, argv.artifact, "full").text + "\n");
      return;
    }
    const r = await pasteArtifact(home, argv.artifact, "full", argv.t);
    process.stderr.write(`pasted ${r.ref} (full text, ${r.text.length} chars) into ${r.pane}\n`);
  },
};
export default cmd;
