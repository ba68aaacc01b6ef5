// `docket search <query>`: ranked search over all evidence (workers and bundles).
import type { CommandModule } from "yargs";
import { docketHome } from "../core/env.js";
import { jsonSafe, sanitizeLine } from "../core/sanitize.js";
import { out } from "../core/stdout.js";

interface Args {
  query: string[];
  json?: boolean;
  limit: number;
}

const cmd: CommandModule<object, Args> = {
  command: "search <query..>",
  describe: "ranked search over summaries, questions, commands, errors, edits and answers (fzf when interactive)",
  builder: (y) =>
    y
      .positional("query", { type: "string", array: true, demandOption: true })
      .option("limit", { type: "number", default: 50 })
      .option("json", { type: "boolean", describe: "machine-readable output (default when not a terminal)" }),
  handler: async (argv) => {
    const home = docketHome();
    const { evidenceItems, searchDoc } = await import("../evidence/corpus.js");
    const { searchDocs } = await import("../core/search.js");
    const query = argv.query.join(" ");
    const items = evidenceItems(home);
    const hits = searchDocs(items.map(searchDoc), query, { limit: argv.limit });
    // The fzf glue only loads when a person is at a terminal: scripts get JSON fast.
    const tty = !argv.json && !!process.stdout.isTTY && !!process.stdin.isTTY;
    const ui = tty ? await import("../ui/evidence-picker.js") : undefined;
    if (ui && (await ui.hasFzf())) {
      const { pickRefs, previewsFor } = ui;
      const preview = previewsFor(
        items,
        hits.map((h) => h.doc.ref),
      );
      if (!hits.length) {
        process.stderr.write(`no evidence matches ${JSON.stringify(query)}\n`);
        return;
      }
      const lines = hits.map((h) => `${h.doc.ref}\t${h.doc.type}\t${h.doc.title}\t${h.snippet}`);
      for (const ref of await pickRefs(lines, {
        preview,
        multi: true,
        prompt: `search ${query}> `,
        header: "Enter: print refs · Tab: select several",
      }))
        out(ref + "\n");
      return;
    }
    if (argv.json || !process.stdout.isTTY) {
      const rows = hits.map((h) => ({
        ref: h.doc.ref,
        source: h.doc.source,
        type: h.doc.type,
        title: h.doc.title,
        match: h.match,
        score: h.score,
        snippet: h.snippet,
        at: h.doc.at,
      }));
      out(jsonSafe(JSON.stringify({ query, hits: rows }, null, 2)) + "\n");
      return;
    }
    if (!hits.length) out(`no evidence matches ${jsonSafe(JSON.stringify(query))}\n`);
    for (const h of hits)
      out(
        `${sanitizeLine(h.doc.ref).padEnd(10)} ${h.doc.type.padEnd(9)} ${sanitizeLine(h.doc.title)}\n` +
          `           ${sanitizeLine(h.snippet)}\n`,
      );
  },
};
export default cmd;
