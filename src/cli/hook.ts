// docket hook pane-died <id> <pane> [status]: called by the worker window's tmux hook. Hidden; never
// prints, exits 0 unless the arguments are malformed.
import type { CommandModule } from "yargs";
import { DocketError } from "../core/errors.js";

interface Args {
  event: string;
  id: string;
  pane: string;
  status?: string;
  wrapper?: boolean;
}

const cmd: CommandModule<object, Args> = {
  command: "hook <event> <id> <pane> [status]",
  describe: false,
  builder: (y) =>
    y
      .positional("event", { type: "string", demandOption: true, choices: ["pane-died"] })
      .positional("id", { type: "string", demandOption: true })
      .positional("pane", { type: "string", demandOption: true })
      .positional("status", { type: "string" })
      .option("wrapper", {
        type: "boolean",
        hidden: true,
        describe: "started by the launch wrapper: wait for the pane to die",
      }),
  handler: async (argv) => {
    const id = String(argv.id);
    const pane = String(argv.pane);
    if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(id)) throw new DocketError(`hook: invalid worker id ${JSON.stringify(id)}`);
    if (!/^%\d+$/.test(pane)) throw new DocketError(`hook: invalid pane id ${JSON.stringify(pane)}`);
    const status = argv.status !== undefined && /^\d+$/.test(String(argv.status)) ? Number(argv.status) : undefined;
    const [{ harvestDeath }, { docketHome }] = await Promise.all([
      import("../workers/harvest.js"),
      import("../core/env.js"),
    ]);
    if (argv.wrapper && !(await paneDied(pane))) return;
    await harvestDeath(docketHome(), { id, paneId: pane, deadStatus: status, paneExists: true });
  },
};
export default cmd;

/** Wait (≤ 3 s) until tmux shows the pane dead. False when the server or pane is gone: the wrapper's
 *  harvest then leaves the record to reconcile (a vanished session means `error`, not a death). */
async function paneDied(pane: string): Promise<boolean> {
  const { paneState } = await import("../tmux/panes.js");
  for (let i = 0; i < 60; i++) {
    const state = await paneState(pane);
    if (state !== "alive") return state === "dead";
    await new Promise((res) => setTimeout(res, 50));
  }
  return false;
}
