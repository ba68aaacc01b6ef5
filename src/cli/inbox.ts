// docket inbox [--all] [--plain|--json] [--origin-pane %N] [--client tty]: the review popup,
// or the ranked list for scripts.
import type { CommandModule } from "yargs";
import { out } from "../core/stdout.js";

interface Args {
  all?: boolean;
  plain?: boolean;
  json?: boolean;
  "origin-pane"?: string;
  client?: string;
}

const cmd: CommandModule<object, Args> = {
  command: "inbox",
  describe: "what needs a decision now (fzf popup; --plain/--json print the ranked list)",
  builder: (y) =>
    y
      .option("all", {
        type: "boolean",
        describe: "every project, not just the current directory's repo (popups open in the origin pane's directory)",
      })
      .option("plain", { type: "boolean", describe: "print the ranked list as text" })
      .option("json", { type: "boolean", describe: "print the ranked list as JSON" })
      .option("origin-pane", { type: "string", describe: "pane the popup was opened from (#{pane_id})" })
      .option("client", { type: "string", describe: "client tty the popup belongs to (#{client_tty})" })
      .conflicts("plain", "json"),
  handler: async (argv) => {
    const { docketHome } = await import("../core/env.js");
    const home = docketHome();
    const pane = argv["origin-pane"] || undefined;
    if (argv.plain || argv.json) {
      const [{ loadSnapshot, originProject }, { rowText }] = await Promise.all([
        import("../ui/data.js"),
        import("../ui/inbox-row.js"),
      ]);
      const snap = await loadSnapshot(home, argv.all ? undefined : originProject());
      // As `docket workers` does: each unreadable status.json named on stderr; the rest still listed.
      for (const b of snap.badRecords)
        process.stderr.write(`docket: warning: skipped unreadable worker record: ${b.problem}\n`);
      if (argv.json) {
        out(JSON.stringify({ items: snap.items, badRecords: snap.bad }, null, 2) + "\n");
        return;
      }
      const now = Date.now();
      if (!snap.items.length) out("inbox empty: start a worker with `docket spawn <task>`\n");
      else out(snap.items.map((it) => `${rowText(it, now, false)}\n`).join("")); // one write(2), not one a row
      return;
    }
    const why = (await import("../ui/term.js")).needsTerminal("inbox");
    if (why) throw new (await import("../core/errors.js")).DocketError(why, 2);
    const { runInbox } = await import("../ui/inbox.js");
    await runInbox({ home, all: argv.all, pane, client: argv.client || undefined });
  },
};
export default cmd;
