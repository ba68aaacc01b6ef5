// docket broadcast [--touching GLOB] [--all] [--] text…|-: one message to every running worker of this
// project (or only those whose change set or edited files match GLOB), each through its own mailbox.
import type { CommandModule } from "yargs";
import { DocketError } from "../core/errors.js";
import { out } from "../core/stdout.js";

interface Args {
  text?: string[];
  touching?: string;
  all?: boolean;
  json?: boolean;
}

const cmd: CommandModule<object, Args> = {
  command: "broadcast [text..]",
  describe: "send one message to every running worker of this project (`-` reads stdin)",
  builder: (y) =>
    y
      .positional("text", { type: "string", array: true })
      .option("touching", {
        type: "string",
        describe: "only workers whose change set or edited files match this glob (`**`, `*`, `?`)",
      })
      .option("all", { type: "boolean", describe: "running workers of every project" })
      .option("json", { type: "boolean" }),
  handler: async (argv) => {
    const [sel, { projectOf }, { broadcast }] = await Promise.all([
      import("../workers/select.js"),
      import("../store/paths.js"),
      import("../workers/broadcast.js"),
    ]);
    const words = sel.freeWords(argv.text);
    if (!words.length)
      throw new DocketError("broadcast needs text: docket broadcast [--touching GLOB] <text…> (or - to read stdin)");
    if (argv.touching !== undefined && !argv.touching.trim())
      throw new DocketError("--touching needs a glob, e.g. --touching 'src/api/**'");
    const text = await sel.textArg(words, "message");
    const fleet = await sel.loadFleet();
    const project = argv.all ? undefined : await projectOf(process.cwd());
    const r = await broadcast(fleet.home, fleet.workers, text, {
      ...(argv.touching ? { touching: argv.touching } : {}),
      ...(project ? { project } : {}),
    });
    if (argv.json) {
      out((await import("../core/sanitize.js")).jsonSafe(JSON.stringify(r)) + "\n");
    } else {
      for (const s of r.sent)
        out(
          `${s.label}  ` +
            `${s.via === "keys" ? "typed into its pane (no extension to confirm it)" : `queued ${s.message}`}\n`,
        );
      const { sanitizeLine } = await import("../core/sanitize.js");
      for (const f of r.failed) out(`${f.label}  not sent: ${sanitizeLine(f.why)}\n`);
      if (r.sent.length)
        out(`sent to ${r.sent.length} worker${r.sent.length === 1 ? "" : "s"} (receipts: docket show <wN>)\n`);
    }
    if (!r.sent.length) process.exitCode = 1;
  },
};
export default cmd;
