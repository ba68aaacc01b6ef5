// `docket log` (episode timeline) and `docket log decisions` / `docket decisions` (the ledger).
import type { CommandModule } from "yargs";
import { docketHome } from "../core/env.js";
import { DocketError } from "../core/errors.js";
import { jsonSafe } from "../core/sanitize.js";
import { out } from "../core/stdout.js";

interface Args {
  what?: string;
  since?: string;
  json?: boolean;
  limit: number;
  _: (string | number)[];
}

const cmd: CommandModule<object, Args> = {
  command: "log [what]",
  aliases: ["decisions"],
  describe: "audit timeline by episode; `log decisions` (or `decisions`): the verdict ledger and decision debt",
  builder: (y) =>
    y
      .positional("what", { type: "string", describe: "`decisions` for the ledger" })
      .option("since", { type: "string", describe: "window: 30m, 24h, 7d, 2w or a date (decisions default 7d)" })
      .option("limit", { type: "number", default: 20, describe: "rows or episodes to show" })
      .option("json", { type: "boolean", describe: "machine-readable output" }),
  handler: async (argv) => {
    const home = docketHome();
    const decisionsMode = argv._[0] === "decisions" || argv.what === "decisions";
    if (argv.what && argv.what !== "decisions")
      throw new DocketError(`unknown log: ${argv.what} (try \`docket log\` or \`docket log decisions\`)`);
    const { readDecisions } = await import("../store/ledger.js");
    const { decisions, badLines } = readDecisions(home);
    if (badLines)
      process.stderr.write(
        `docket: warning: ${(await import("../store/layout.js")).ledgerPath(home)}: ` +
          `${badLines} unreadable line(s) skipped\n`,
      );
    const now = Date.now();
    if (decisionsMode) {
      const { decisionsReport, parseSince, renderDecisionsReport } = await import("../core/decisions-report.js");
      const report = decisionsReport(decisions, parseSince(argv.since ?? "7d", now));
      if (argv.json) out(jsonSafe(JSON.stringify(report, null, 2)) + "\n");
      else out(renderDecisionsReport(report, now, argv.limit));
      return;
    }
    const { listWorkers } = await import("../store/workers.js");
    const { readEvents } = await import("../store/events.js");
    const { workerPaths } = await import("../store/layout.js");
    const { buildEpisodes, renderEpisodes } = await import("../core/timeline.js");
    const { workers } = listWorkers(home);
    const events = new Map(workers.map((w) => [w.id, readEvents(workerPaths(home, w.id).events).events]));
    let episodes = buildEpisodes(workers, events, decisions);
    if (argv.since) {
      const { parseSince } = await import("../core/decisions-report.js");
      const from = new Date(parseSince(argv.since, now)).toISOString();
      episodes = episodes.filter((e) => e.lastAt >= from);
    }
    if (argv.json) out(jsonSafe(JSON.stringify({ episodes: episodes.slice(0, argv.limit) }, null, 2)) + "\n");
    else out(renderEpisodes(episodes, argv.limit));
  },
};
export default cmd;
