// `docket attach [ref]`: go to a worker's window (no ref: the workers' session). Inside tmux the
// client switches there (the inbox's `a` key does the same); outside, the attach command is printed.
import type { CommandModule } from "yargs";
import { out } from "../core/stdout.js";

interface Args {
  ref?: string;
  client?: string;
}

const cmd: CommandModule<object, Args> = {
  command: "attach [ref]",
  describe: "switch to a worker's tmux window (no ref: the workers' session); outside tmux, print the attach command",
  builder: (y) =>
    y
      .positional("ref", { type: "string", describe: "wN, N, an id or a unique id prefix" })
      .option("client", { type: "string", describe: "tmux client to switch (#{client_tty})" }),
  handler: async (argv) => {
    const [sel, actions, { DocketError }] = await Promise.all([
      import("../workers/select.js"),
      import("../ui/actions.js"),
      import("../core/errors.js"),
    ]);
    // A ref after `--` is one too (yargs leaves it out of argv.ref).
    const given = argv.ref !== undefined || (sel.wordsAfterDashDash() ?? []).length > 0;
    const w = given ? sel.pick(await sel.loadFleet(), sel.refArg("attach", argv.ref)) : undefined;
    const origin = { client: argv.client?.trim() || undefined };
    if (w?.host) {
      const r = await actions.attachRemote(w, origin);
      if (r.ok) return;
      if (!actions.insideTmux(origin)) out(`${r.command}\n`);
      else throw new DocketError(`cannot switch to ${w.label}: ${r.err.split("\n")[0]}; attach with: ${r.command}`);
      return;
    }
    if (!actions.insideTmux(origin)) {
      out(`${actions.attachCommand(w)}\n`);
      return;
    }
    const r = actions.switchToWorker(w, origin);
    if (!r.ok)
      throw new DocketError(
        `cannot switch to ${w ? w.label : "the workers' session"}: ${r.err.split("\n")[0]}; ` +
          `attach with: ${actions.attachCommand(w)}`,
      );
  },
};
export default cmd;
