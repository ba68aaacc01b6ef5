// docket grades refresh [root]: grade a repo's live change sets again and note moved bases (started
// detached when a change set freezes or the parent's HEAD moves; see workers/grading.ts). Hidden; with
// --verbose prints each worker's graded overlaps.
import type { CommandModule } from "yargs";
import { out } from "../core/stdout.js";

interface Args {
  action: string;
  root?: string;
  verbose?: boolean;
}

const cmd: CommandModule<object, Args> = {
  command: "grades <action> [root]",
  describe: false,
  builder: (y) =>
    y
      .positional("action", { type: "string", demandOption: true, choices: ["refresh"] })
      .positional("root", { type: "string", describe: "the repo (default: this directory's)" })
      .option("verbose", { type: "boolean", describe: "print the graded overlaps" }),
  handler: async (argv) => {
    const [{ refreshGrades }, { docketHome }, { projectOf }] = await Promise.all([
      import("../workers/grading.js"),
      import("../core/env.js"),
      import("../store/paths.js"),
    ]);
    const g = await refreshGrades(docketHome(), argv.root ?? projectOf(process.cwd()), { force: true });
    if (!argv.verbose) return;
    const lines = Object.entries(g.byLabel).flatMap(([label, hits]) => hits.map((h) => `${label}  ${h.text}\n`));
    out(lines.join("") + g.failed.map((f) => `${f.label}  not graded: ${f.why}\n`).join(""));
  },
};
export default cmd;
