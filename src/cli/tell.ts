// docket tell <ref> [text…|-]: reply to a worker (inbox; keystrokes only without a live extension).
import type { CommandModule } from "yargs";
import { DocketError } from "../core/errors.js";

interface Args {
  ref?: string;
  text?: string[];
  json?: boolean;
}

const cmd: CommandModule<object, Args> = {
  command: "tell [ref] [text..]",
  describe: "reply to a worker (`-` reads the text from stdin; multi-line kept)",
  builder: (y) =>
    y
      .positional("ref", { type: "string", describe: "wN, N, an id or a unique id prefix (`--` may come before it)" })
      .positional("text", { type: "string", array: true })
      .option("json", { type: "boolean" }),
  handler: async (argv) => {
    const [{ tellWorker }, sel] = await Promise.all([import("../workers/tell.js"), import("../workers/select.js")]);
    const { ref, words } = sel.refAndWords("tell", argv.ref, argv.text);
    if (!words.length) throw new DocketError("tell needs text: docket tell <wN> <text…> (or - to read stdin)");
    const text = await sel.textArg(words, "reply");
    const fleet = await sel.loadFleet();
    const w = sel.pick(fleet, ref);
    const r = await tellWorker(fleet.home, w, text);
    if (argv.json) {
      process.stdout.write(JSON.stringify({ label: w.label, id: w.id, via: r.via, message: r.messageId }) + "\n");
      return;
    }
    const how = r.via === "extension" ? "inbox (delivered by the worker)" : r.via === "keys" ? "keystrokes" : `inbox (queued: ${w.label} is ${w.state})`;
    process.stdout.write(`told ${w.label} via ${how}\n`);
  },
};
export default cmd;
