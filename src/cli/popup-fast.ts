// Fast path for the popup command lines the tmux bindings run (parsed by tmux/popup-args.ts) when
// main.ts did not paint them itself (peek, a verdict with a ref): they skip loading yargs, which costs
// more than starting node. Anything unusual goes to yargs. `docket status [--json] [--publish]` takes
// the same shortcut.
import { parsePopupArgs } from "../tmux/popup-args.js";
import { needsTerminal } from "../ui/term.js";

/** `status` with only --json / --publish: the status verb's own handler, without yargs. */
export function parseStatusArgs(argv: string[]): { json: boolean; publish: boolean } | undefined {
  const [verb, ...rest] = argv;
  if (verb !== "status" || rest.some((a) => a !== "--json" && a !== "--publish")) return undefined;
  return { json: rest.includes("--json"), publish: rest.includes("--publish") };
}

/** Run the popup directly when the command line is a plain popup call; false → use yargs. */
export async function tryPopupFast(argv: string[]): Promise<boolean> {
  const st = parseStatusArgs(argv);
  if (st) {
    const { default: status } = await import("./status.js");
    await status.handler({ ...st, _: ["status"], $0: "docket" });
    return true;
  }
  const a = parsePopupArgs(argv);
  if (!a) return false;
  if (a.ref !== undefined) (await import("../core/refs.js")).checkRef(a.ref); // before anything paints
  // Peek says a bad ref first, then checks for itself (ui/peek.ts).
  const why = a.verb === "peek" ? undefined : needsTerminal(a.verb);
  if (why) throw new (await import("../core/errors.js")).DocketError(why, 2);
  // One wave of module loading, not two: the popup's module loads alongside env.js.
  const ui =
    a.verb === "inbox"
      ? import("../ui/inbox.js")
      : a.verb === "verdict"
        ? import("../ui/verdict.js")
        : import("../ui/peek.js");
  const { docketHome } = await import("../core/env.js");
  const home = docketHome();
  const origin = { pane: a.pane, client: a.client };
  if (a.verb === "inbox")
    await ((await ui) as typeof import("../ui/inbox.js")).runInbox({ home, all: a.all, ...origin });
  else if (a.verb === "verdict")
    await ((await ui) as typeof import("../ui/verdict.js")).runVerdict({ home, ref: a.ref, all: a.all, ...origin });
  else {
    await ((await ui) as typeof import("../ui/peek.js")).runPeek({ home, ref: a.ref, ...origin });
    process.exit(0); // the live view's stdin listener must not keep the popup open
  }
  return true;
}
