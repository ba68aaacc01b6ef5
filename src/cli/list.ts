// `docket list [--include-consumed] [--workers|--all]`: saved bundles (and/or workers with evidence).
import type { CommandModule } from "yargs";
import { docketHome } from "../core/env.js";
import { out } from "../core/stdout.js";

interface Args {
  includeConsumed?: boolean;
  workers?: boolean;
  all?: boolean;
  json?: boolean;
}

const cmd: CommandModule<object, Args> = {
  command: "list",
  describe: "list saved bundles (--workers: workers with evidence; --all: both)",
  builder: (y) =>
    y
      .option("include-consumed", { type: "boolean", describe: "also bundles already pasted from" })
      .option("workers", { type: "boolean", conflicts: "all" })
      .option("all", { type: "boolean" })
      .option("json", { type: "boolean" }),
  handler: async (argv) => {
    const home = docketHome();
    const { mountedSources } = await import("../evidence/mounted.js");
    const mounted = new Set(mountedSources(home).map((m) => m.label));
    const listing: { bundles?: unknown[]; workers?: unknown[] } = {};
    const lines: string[] = [];
    if (!argv.workers) {
      const { listBundles } = await import("../store/bundles.js");
      const { bundles, bad } = listBundles(home);
      const shown = bundles.filter((b) => argv.includeConsumed || !b.consumedAt).reverse();
      listing.bundles = shown.map((b) => ({
        id: b.id,
        title: b.title,
        createdAt: b.createdAt,
        items: b.items.length,
        sources: b.sources,
        consumedAt: b.consumedAt,
        loaded: mounted.has(b.id),
      }));
      lines.push(
        shown.length
          ? "Bundles:"
          : `No bundles${bundles.length ? " (all consumed: --include-consumed)" : ""}. Save one with \`docket save\`.`,
      );
      for (const b of shown)
        lines.push(
          `  ${b.id.padEnd(5)} ${b.title} · ${b.items.length} items · ` +
            `${b.createdAt.slice(0, 16).replace("T", " ")}` +
            `${mounted.has(b.id) ? " · loaded" : ""}${b.consumedAt ? " · consumed" : ""}`,
        );
      for (const x of bad) lines.push(`  ${x.id}: unreadable (${x.problem})`);
    }
    if (argv.workers || argv.all) {
      const { listWorkers } = await import("../store/workers.js");
      const { workerEvidence } = await import("../store/artifacts.js");
      const ws = listWorkers(home).workers.map((w) => ({
        label: w.label,
        id: w.id,
        state: w.state,
        task: w.task.split("\n")[0]!,
        items: workerEvidence(home, w).length,
        loaded: mounted.has(w.label),
      }));
      listing.workers = ws;
      lines.push(ws.length ? "Workers:" : "No workers.");
      for (const w of ws)
        lines.push(
          `  ${w.label.padEnd(5)} ${w.state.padEnd(11)} ${w.items} items · ` +
            `${w.task.slice(0, 60)}${w.loaded ? " · loaded" : ""}`,
        );
    }
    const { jsonSafe, sanitizeText } = await import("../core/sanitize.js");
    out(argv.json ? jsonSafe(JSON.stringify(listing, null, 2)) + "\n" : sanitizeText(lines.join("\n")) + "\n");
  },
};
export default cmd;
