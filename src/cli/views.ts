// docket views refresh: rebuild the stale pre-rendered inbox views (started detached by whoever changes
// a worker; see store/views.ts). Hidden; prints the count with --verbose, else nothing.
import type { CommandModule } from "yargs";
import { out } from "../core/stdout.js";

interface Args {
  action: string;
  verbose?: boolean;
}

const cmd: CommandModule<object, Args> = {
  command: "views <action>",
  describe: false,
  builder: (y) =>
    y
      .positional("action", { type: "string", demandOption: true, choices: ["refresh"] })
      .option("verbose", { type: "boolean", describe: "print how many views were rebuilt" }),
  handler: async (argv) => {
    const [{ refreshViews }, { docketHome }] = await Promise.all([
      import("../ui/view-refresh.js"),
      import("../core/env.js"),
    ]);
    const n = await refreshViews(docketHome());
    if (argv.verbose) out(`${n} view${n === 1 ? "" : "s"} rebuilt\n`);
  },
};
export default cmd;
