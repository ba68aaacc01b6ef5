// docket show <ref> [--json]: one worker's record, question, result, todos, change set and pane tail.
import type { CommandModule } from "yargs";

interface Args {
  ref: string;
  json?: boolean;
}

const cmd: CommandModule<object, Args> = {
  command: "show <ref>",
  describe: "show one worker in full",
  builder: (y) => y.positional("ref", { type: "string", demandOption: true }).option("json", { type: "boolean" }),
  handler: async (argv) => {
    const [sel, { readFileSync, readdirSync }, { workerPaths }, { loadConfig }, render] = await Promise.all([
      import("../workers/select.js"),
      import("node:fs"),
      import("../store/layout.js"),
      import("../core/config.js"),
      import("../workers/render.js"),
    ]);
    const { jsonSafe } = await import("../core/sanitize.js");
    const fleet = await sel.loadFleet();
    const w = sel.pick(fleet, String(argv.ref));
    const p = workerPaths(fleet.home, w.id);
    const read = (f: string) => {
      try {
        return readFileSync(f, "utf8");
      } catch {
        return undefined;
      }
    };
    const inbox: Array<{ id: string; deliveredAt?: string; readAt?: string }> = [];
    try {
      for (const n of readdirSync(p.inbox).filter((n) => n.endsWith(".json")).sort()) {
        try {
          const m = JSON.parse(read(`${p.inbox}/${n}`) ?? "") as { id?: unknown; deliveredAt?: unknown; readAt?: unknown };
          inbox.push({ id: String(m.id ?? n), deliveredAt: typeof m.deliveredAt === "string" ? m.deliveredAt : undefined, readAt: typeof m.readAt === "string" ? m.readAt : undefined });
        } catch {
          /* a torn or foreign file: not a message */
        }
      }
    } catch {
      /* no inbox yet */
    }
    const paneTail = read(p.paneTail);
    if (argv.json) {
      process.stdout.write(jsonSafe(JSON.stringify({ ...w, paneTail, inbox, dir: p.dir }, null, 2)) + "\n");
      return;
    }
    process.stdout.write(render.showText(w, { paneTail, inbox }, Date.now(), loadConfig(w.project)));
  },
};
export default cmd;
