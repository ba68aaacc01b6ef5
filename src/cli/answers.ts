// `docket answers [query]`: workers' final answers and findings (summaries and answer artifacts).
import type { CommandModule } from "yargs";
import { docketHome } from "../core/env.js";
import { compareText } from "../core/natural.js";
import { out } from "../core/stdout.js";

interface Args {
  query?: string[];
  json?: boolean;
  limit: number;
}

const cmd: CommandModule<object, Args> = {
  command: "answers [query..]",
  describe: "browse workers' final answers and findings (fzf when interactive)",
  builder: (y) =>
    y
      .positional("query", { type: "string", array: true })
      .option("limit", { type: "number", default: 100 })
      .option("json", { type: "boolean", describe: "machine-readable output" }),
  handler: async (argv) => {
    const home = docketHome();
    const { evidenceItems, searchDoc } = await import("../evidence/corpus.js");
    const { searchDocs } = await import("../core/search.js");
    const items = evidenceItems(home, { types: ["summary", "answer"] });
    const docs = items.map(searchDoc);
    const query = (argv.query ?? []).join(" ").trim();
    const rows = (
      query ? searchDocs(docs, query).map((h) => h.doc) : [...docs].sort((a, b) => compareText(b.at ?? "", a.at ?? ""))
    ).slice(0, argv.limit);
    const tty = !argv.json && !!process.stdout.isTTY && !!process.stdin.isTTY;
    const ui = tty && rows.length ? await import("../ui/evidence-picker.js") : undefined;
    if (ui && (await ui.hasFzf())) {
      const { pickRefs, previewsFor } = ui;
      const preview = previewsFor(
        items,
        rows.map((d) => d.ref),
      );
      const lines = rows.map((d) => `${d.ref}\t${d.title}`);
      for (const ref of await pickRefs(lines, { preview, prompt: "answers> ", header: "Enter: print ref" }))
        out(ref + "\n");
      return;
    }
    if (argv.json) {
      out((await import("../core/sanitize.js")).jsonSafe(JSON.stringify({ query, answers: rows }, null, 2)) + "\n");
      return;
    }
    if (!rows.length) out(query ? `no answers match ${JSON.stringify(query)}\n` : "no answers yet\n");
    const { sanitizeLine } = await import("../core/sanitize.js");
    out(rows.map((d) => `${d.ref.padEnd(10)} ${sanitizeLine(d.title)}\n`).join(""));
  },
};
export default cmd;
