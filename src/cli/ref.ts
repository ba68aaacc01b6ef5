// `docket ref <artifact> [-t pane]`: paste a compact reference to one artifact into a pane.
import type { CommandModule } from "yargs";
import { docketHome } from "../core/env.js";

interface Args {
  artifact: string;
  t?: string;
  print?: boolean;
}

const cmd: CommandModule<object, Args> = {
  command: "ref <artifact>",
  describe: "paste a compact reference (w3.e1, b2.c4) into the origin pane or -t <pane>",
  builder: (y) =>
    y
      .positional("artifact", { type: "string", demandOption: true })
      .option("t", { alias: "target", type: "string", describe: "pane to paste into (default $TMUX_PANE)" })
      .option("print", { type: "boolean", describe: "print instead of pasting" }),
  handler: async (argv) => {
    const home = docketHome();
    const { pasteArtifact, renderArtifact } = await import("../evidence/deliver.js");
    if (argv.print) {
      process.stdout.write(renderArtifact(home, argv.artifact, "ref").text + "\n");
      return;
    }
    const r = await pasteArtifact(home, argv.artifact, "ref", argv.t);
    process.stderr.write(`pasted ${r.ref} into ${r.pane}\n`);
  },
};
export default cmd;
