// docket workers [--all] [--json]: the fleet (default: workers of the current project).
import type { CommandModule } from "yargs";
import { out } from "../core/stdout.js";

interface Args {
  all?: boolean;
  json?: boolean;
}

const cmd: CommandModule<object, Args> = {
  command: "workers",
  describe: "list workers of this project (--all: every project)",
  builder: (y) =>
    y.option("all", { type: "boolean", describe: "workers of every project" }).option("json", { type: "boolean" }),
  handler: async (argv) => {
    const [sel, { projectOf }, { loadConfig }, render] = await Promise.all([
      import("../workers/select.js"),
      import("../store/paths.js"),
      import("../core/config.js"),
      import("../workers/render.js"),
    ]);
    const fleet = await sel.loadFleet();
    sel.reportBad(fleet.bad);
    // The repo root found on disk, as the inbox finds it (no git process: process.cwd() is already real).
    const project = projectOf(process.cwd());
    const shown = argv.all ? fleet.workers : fleet.workers.filter((w) => w.project === project);
    if (argv.json) {
      const [{ jsonSafe }, { readGradesOf }] = await Promise.all([
        import("../core/sanitize.js"),
        import("../store/grades.js"),
      ]);
      const grades = readGradesOf(fleet.home, shown);
      out(
        jsonSafe(
          JSON.stringify(
            shown.map((w) => ({ ...w, overlaps: grades.get(w.label) ?? [] })),
            null,
            2,
          ),
        ) + "\n",
      );
      return;
    }
    out(render.workersTable(shown, Date.now(), loadConfig(project)));
    const elsewhere = fleet.workers.length - shown.length;
    if (elsewhere > 0) out(`(${elsewhere} more in other projects: docket workers --all)\n`);
  },
};
export default cmd;
