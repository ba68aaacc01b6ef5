// `docket ref` and `docket inject-full`: the same verb (paste one artifact into a pane, or --print it),
// differing only in which form of the artifact they deliver.
import type { CommandModule } from "yargs";
import { docketHome } from "../core/env.js";
import type { DeliverForm } from "../evidence/deliver.js";
import { out } from "../core/stdout.js";

interface Args {
  artifact: string;
  t?: string;
  print?: boolean;
}

export interface PasteVerbText {
  command: string;
  describe: string;
  printDescribe: string;
  /** The line on stderr after pasting. */
  pasted(r: { ref: string; pane: string; text: string }): string;
}

export function pasteVerb(form: DeliverForm, t: PasteVerbText): CommandModule<object, Args> {
  return {
    command: t.command,
    describe: t.describe,
    builder: (y) =>
      y
        .positional("artifact", { type: "string", demandOption: true })
        .option("t", { alias: "target", type: "string", describe: "pane to paste into (default $TMUX_PANE)" })
        .option("print", { type: "boolean", describe: t.printDescribe }),
    handler: async (argv) => {
      const home = docketHome();
      const { pasteArtifact, renderArtifact } = await import("../evidence/deliver.js");
      if (argv.print) {
        const { sanitizeText } = await import("../core/sanitize.js");
        out(sanitizeText(renderArtifact(home, argv.artifact, form).text) + "\n");
        return;
      }
      process.stderr.write(t.pasted(await pasteArtifact(home, argv.artifact, form, argv.t)) + "\n");
    },
  };
}
