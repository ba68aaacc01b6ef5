// docket verdict [wN] [--accept|--reject|--dismiss|--retry|--option N|--chat T|--steer T|--send-back|--send-review|
//   --implement [--edit]|--reject-stop --yes]
// Without a verb flag: the interactive verdict popup. With one: resolve non-interactively.
import type { CommandModule } from "yargs";
import { DocketError } from "../core/errors.js";
import { out } from "../core/stdout.js";

interface Args {
  ref?: string;
  accept?: boolean;
  reject?: boolean;
  dismiss?: boolean;
  retry?: boolean;
  option?: number;
  chat?: string;
  steer?: string;
  text?: string;
  "reject-stop"?: boolean;
  "send-back"?: boolean;
  "send-review"?: boolean;
  implement?: boolean;
  edit?: boolean;
  yes?: boolean;
  all?: boolean;
  json?: boolean;
  "origin-pane"?: string;
  client?: string;
}

const VERB_FLAGS = [
  "accept",
  "reject",
  "dismiss",
  "retry",
  "option",
  "chat",
  "steer",
  "reject-stop",
  "send-back",
  "send-review",
  "implement",
] as const;

const cmd: CommandModule<object, Args> = {
  command: "verdict [ref]",
  describe: "decide on a worker's question, result or failure (popup, or one verb flag for scripts)",
  builder: (y) =>
    y
      .positional("ref", { type: "string", describe: "wN, N, an id or a unique id prefix (default: the top decision)" })
      .option("accept", { type: "boolean", describe: "approve a question / accept a result (promotes a change set)" })
      .option("reject", { type: "boolean", describe: "reject a result; on a question, redirect with --text" })
      .option("dismiss", { type: "boolean", describe: "dismiss a finding or failure (mark reviewed)" })
      .option("retry", { type: "boolean", describe: "respawn a failed worker" })
      .option("option", { type: "number", describe: "send the worker's option N (1-based)" })
      .option("chat", { type: "string", describe: "send a reply / request a revision" })
      .option("steer", { type: "string", describe: "send something other than the offered options" })
      .option("text", { type: "string", describe: "text for --reject on a question" })
      .option("send-back", {
        type: "boolean",
        describe: "a change set that conflicts with the parent: send the worker its conflicts to rebase (one message)",
      })
      .option("send-review", {
        type: "boolean",
        describe: "send your review comments (from the review view) back as one message",
      })
      .option("implement", {
        type: "boolean",
        describe: "an architect's plan: spawn an implementer from it (marks the architect reviewed)",
      })
      .option("edit", {
        type: "boolean",
        describe: "with --implement: edit the plan in $EDITOR first (an empty file cancels)",
      })
      .option("reject-stop", { type: "boolean", describe: "kill the worker and remove its workspace (needs --yes)" })
      .option("yes", { type: "boolean", describe: "confirm --reject-stop, or promote over conflicts" })
      .option("all", { type: "boolean", describe: "popup: every project" })
      .option("json", { type: "boolean" })
      .option("origin-pane", { type: "string", describe: "pane the popup was opened from (#{pane_id})" })
      .option("client", { type: "string", describe: "client tty the popup belongs to (#{client_tty})" }),
  handler: async (argv) => {
    const { docketHome } = await import("../core/env.js");
    const home = docketHome();
    // A ref is checked before any popup paints (`verdict -- -w1 --dismiss` is refused, not a popup).
    if (argv.ref !== undefined || process.argv.includes("--"))
      argv.ref = (await import("../workers/select.js")).refArg("verdict", argv.ref);
    const flags = VERB_FLAGS.filter((f) => argv[f] !== undefined && argv[f] !== false);
    if (flags.length === 0) {
      const why = (await import("../ui/term.js")).needsTerminal("verdict");
      if (why) throw new DocketError(why, 2);
      const { runVerdict } = await import("../ui/verdict.js");
      await runVerdict({
        home,
        ref: argv.ref,
        all: argv.all,
        pane: argv["origin-pane"] || undefined,
        client: argv.client || undefined,
      });
      return;
    }
    if (flags.length > 1) throw new DocketError(`choose one verdict: --${flags.join(", --")} given`);
    if (!argv.ref) throw new DocketError(`--${flags[0]} needs a worker: docket verdict wN --${flags[0]}`);
    if (argv.edit && flags[0] !== "implement") throw new DocketError("--edit goes with --implement");
    let plan: import("../core/schema.js").Plan | undefined;
    if (argv.edit) {
      const [{ listWorkers }, { resolveRef }, { editPlan }] = await Promise.all([
        import("../store/workers.js"),
        import("../core/refs.js"),
        import("../ui/editor.js"),
      ]);
      const w = resolveRef(argv.ref, listWorkers(home).workers);
      if (!w.result?.plan) throw new DocketError(`${w.label} has no plan to implement`);
      plan = editPlan(w.label, w.result.plan);
      if (!plan) {
        out(`${w.label}: empty plan; nothing spawned\n`);
        return;
      }
    }
    const { scriptedVerdict } = await import("../workers/verdict-flags.js");
    const r = await scriptedVerdict(home, argv.ref, flags[0]!, {
      option: argv.option,
      text: argv.chat ?? argv.steer ?? argv.text,
      yes: !!argv.yes,
      ...(plan ? { plan } : {}),
    });
    out(argv.json ? JSON.stringify(r) + "\n" : r.message + "\n");
  },
};
export default cmd;
