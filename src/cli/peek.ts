// docket peek [wN]: live read-only view of a worker's pane (no ref: pick with fzf).
import type { CommandModule } from "yargs";

interface Args {
  ref?: string;
  "origin-pane"?: string;
  client?: string;
}

const cmd: CommandModule<object, Args> = {
  command: "peek [ref]",
  describe: "watch a worker's pane, read-only (a attach · r reply · n/p next/prev · q close)",
  builder: (y) =>
    y
      .positional("ref", { type: "string", describe: "wN, N, an id or a unique id prefix" })
      .option("origin-pane", { type: "string", describe: "pane the popup was opened from (#{pane_id})" })
      .option("client", { type: "string", describe: "client tty the popup belongs to (#{client_tty})" }),
  handler: async (argv) => {
    const [{ docketHome }, { runPeek }] = await Promise.all([import("../core/env.js"), import("../ui/peek.js")]);
    if (argv.ref !== undefined || process.argv.includes("--"))
      argv.ref = (await import("../workers/select.js")).refArg("peek", argv.ref);
    await runPeek({
      home: docketHome(),
      ref: argv.ref,
      pane: argv["origin-pane"] || undefined,
      client: argv.client || undefined,
    });
    process.exit(0); // stdin listeners from the live view must not keep the popup open
  },
};
export default cmd;
