// `docket load <id|last|wN>`: mount a bundle or a worker's evidence in the inbox (nothing is sent anywhere).
import type { CommandModule } from "yargs";
import { docketHome } from "../core/env.js";
import { out } from "../core/stdout.js";

interface Args {
  source?: string;
  json?: boolean;
}

const cmd: CommandModule<object, Args> = {
  command: "load [source]",
  describe: "mount a bundle (b2, last) or a worker's evidence (w3) as an inbox source, at zero cost",
  builder: (y) =>
    y
      .positional("source", { type: "string", describe: "b<N>, last, or a worker: wN, N, an id" })
      .option("json", { type: "boolean" }),
  handler: async (argv) => {
    const home = docketHome();
    const { loadSource, isBundleRef } = await import("../evidence/mounted.js");
    const { refArg } = await import("../workers/select.js");
    const r = loadSource(home, refArg("load", argv.source, process.argv, isBundleRef));
    if (argv.json) {
      out(JSON.stringify(r) + "\n");
      return;
    }
    const first = r.kind === "bundle" ? `${r.label}.c1` : `${r.label}.<item>`;
    out(
      `${r.already ? "already loaded" : "loaded"} ${r.label} (${r.items} item${r.items === 1 ? "" : "s"}): ` +
        `shown in the inbox; paste one with \`docket ref ${first}\`\n`,
    );
  },
};
export default cmd;
