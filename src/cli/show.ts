// docket show <ref> [--json]: one worker's record, question, result, todos, change set and pane tail.
import type { CommandModule } from "yargs";
import { out } from "../core/stdout.js";

interface Args {
  ref?: string;
  json?: boolean;
}

const cmd: CommandModule<object, Args> = {
  command: "show [ref]",
  describe: "show one worker in full",
  builder: (y) =>
    y
      .positional("ref", { type: "string", describe: "wN, N, an id or a unique id prefix" })
      .option("json", { type: "boolean" }),
  handler: async (argv) => {
    const [sel, { readFileSync }, { workerPaths }, { listMessages }, { loadConfig }, render] = await Promise.all([
      import("../workers/select.js"),
      import("node:fs"),
      import("../store/layout.js"),
      import("../store/inbox.js"),
      import("../core/config.js"),
      import("../workers/render.js"),
    ]);
    const ref = sel.refArg("show", argv.ref);
    const { jsonSafe } = await import("../core/sanitize.js");
    const fleet = await sel.loadFleet();
    const w = sel.pick(fleet, ref);
    const p = workerPaths(fleet.home, w.id);
    const read = (f: string) => {
      try {
        return readFileSync(f, "utf8");
      } catch {
        return undefined;
      }
    };
    // Receipts as the worker's extension stamped them (docs/contract.md, "Inbox messages").
    const inbox = listMessages(p.inbox).messages.map((m) => m.msg);
    const paneTail = read(p.paneTail);
    const overlaps = (await import("../store/grades.js")).readGradesOf(fleet.home, [w]).get(w.label) ?? [];
    const items = (await import("../store/artifacts.js")).readArtifactsFile(p.artifacts).items;
    const notes = items.filter((a) => a.type === "note");
    const edits = items.filter((a) => a.type === "edit");
    const coverage = w.plan ? (await import("../core/plan.js")).planCoverage(w.plan, w, edits) : undefined;
    if (argv.json) {
      out(
        jsonSafe(
          JSON.stringify(
            { ...w, paneTail, inbox, overlaps, notes, ...(coverage ? { coverage } : {}), dir: p.dir },
            null,
            2,
          ),
        ) + "\n",
      );
      return;
    }
    out(render.showText(w, { paneTail, inbox, overlaps, notes, edits }, Date.now(), loadConfig(w.project)));
  },
};
export default cmd;
