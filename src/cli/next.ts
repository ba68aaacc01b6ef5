// `docket next [--client <tty>]`: switch to the window of the worker that has waited longest for you.
// Bound to a key by docket.tmux; with --client it talks back through display-message, not stdout.
import type { CommandModule } from "yargs";
import { docketHome } from "../core/env.js";
import { compareText } from "../core/natural.js";
import { out } from "../core/stdout.js";

interface Args {
  client?: string;
  json?: boolean;
}

const cmd: CommandModule<object, Args> = {
  command: "next",
  describe: "switch the tmux client to the oldest worker waiting for an answer",
  builder: (y) =>
    y
      .option("client", { type: "string", describe: "tmux client to switch (#{client_tty})" })
      .option("json", { type: "boolean" }),
  handler: async (argv) => {
    const [{ listWorkers }, { tmux, tmuxTry }, { messageLiteral }, { sanitizeLine }] = await Promise.all([
      import("../store/workers.js"),
      import("../tmux/runner.js"),
      import("../tmux/format.js"),
      import("../core/sanitize.js"),
    ]);
    const client = argv.client?.trim() ? ["-c", argv.client.trim()] : [];
    const say = async (msg: string) => {
      if (client.length) await tmuxTry(["display-message", ...client, messageLiteral(sanitizeLine(`docket: ${msg}`))]);
      else out(`${msg}\n`);
    };
    const waiting = listWorkers(docketHome())
      .workers.filter((w) => w.state === "needs_input" && !w.question?.answeredAt)
      .sort((a, b) => compareText(a.question?.askedAt ?? a.updatedAt, b.question?.askedAt ?? b.updatedAt));
    const w = waiting[0];
    if (!w) {
      if (argv.json) out(JSON.stringify({ switched: null }) + "\n");
      else await say("no worker is waiting for you");
      return;
    }
    const target = `${w.tmux.session}:${w.tmux.windowId ?? w.tmux.windowName}`;
    try {
      await tmux(["switch-client", ...client, "-t", target]);
    } catch {
      await say(`${w.label} asks but its window ${target} is gone; open the inbox`);
      process.exitCode = 1;
      return;
    }
    if (argv.json) out(JSON.stringify({ switched: w.label, target }) + "\n");
    else if (!client.length) await say(`switched to ${w.label} (${target})`);
  },
};
export default cmd;
