// docket tell <ref> [text…|-]: reply to a worker (inbox; keystrokes only without a live extension).
// A worker that is not running is refused unless --queue keeps the message for its next run.
import type { CommandModule } from "yargs";
import { DocketError } from "../core/errors.js";
import { out } from "../core/stdout.js";

interface Args {
  ref?: string;
  text?: string[];
  json?: boolean;
  queue?: boolean;
  q?: number;
  after?: boolean;
}

const cmd: CommandModule<object, Args> = {
  command: "tell [ref] [text..]",
  describe: "reply to a worker (`-` reads the text from stdin; multi-line kept)",
  builder: (y) =>
    y
      .positional("ref", { type: "string", describe: "wN, N, an id or a unique id prefix (`--` may come before it)" })
      .positional("text", { type: "string", array: true })
      .option("json", { type: "boolean" })
      .option("queue", { type: "boolean", describe: "worker not running: keep the message for its next respawn" })
      .option("after", {
        type: "boolean",
        describe: "deliver when the worker's current turn ends instead of steering it",
      })
      .option("q", { type: "number", describe: "answer open question N (1 = oldest, as the card numbers them)" }),
  handler: async (argv) => {
    const [{ tellWorker }, sel] = await Promise.all([import("../workers/tell.js"), import("../workers/select.js")]);
    const { ref, words } = sel.refAndWords("tell", argv.ref, argv.text);
    if (!words.length) throw new DocketError("tell needs text: docket tell <wN> <text…> (or - to read stdin)");
    const text = await sel.textArg(words, "reply");
    const fleet = await sel.loadFleet();
    const w = sel.pick(fleet, ref);
    if (argv.q !== undefined && (!Number.isInteger(argv.q) || argv.q < 1))
      throw new DocketError(`--q takes a question number (1 = oldest open), not ${JSON.stringify(argv.q)}`);
    const r = await tellWorker(fleet.home, w, text, {
      queue: !!argv.queue,
      ...(argv.after ? { after: true } : {}),
      ...(argv.q !== undefined ? { question: argv.q } : {}),
    });
    if (argv.json) {
      out(JSON.stringify({ label: w.label, id: w.id, via: r.via, message: r.messageId }) + "\n");
      return;
    }
    // Says what happened so far, no more: delivery and reading are stamped by the worker (`docket show`).
    const how =
      r.via === "extension"
        ? `queued ${r.messageId} for ${w.label}; ` +
          `its extension delivers it${argv.after ? " when its current turn ends" : ""} ` +
          `(receipts: docket show ${w.label})`
        : r.via === "keys"
          ? `typed into ${w.label}'s pane (no extension there to confirm it)`
          : `kept ${r.messageId} for ${w.label}'s next run (it is not running; docket respawn ${w.label})`;
    out(`${how}\n`);
  },
};
export default cmd;
