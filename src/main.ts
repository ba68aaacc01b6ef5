// bin/docket's entry (dist/docket.cjs, CommonJS: ADR 0008). The inbox and verdict keys paint from a pre-rendered view
// (store/views.ts) before the rest of docket loads: the inbox starts fzf at once and feeds it the view's
// rows; the verdict prints the view's first frame. The popup's module then takes over (and renders
// from the store when there was no current view). Every other command goes to the CLI (cli/main.ts).
// Static imports here are the first paint's whole budget: light modules on node built-ins only; the
// rest arrives through import() as chunks of the bundle.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fillTimes } from "./core/ages.js";
import { agentDir, docketHome } from "./core/env.js";
import { projectOf } from "./store/paths.js";
import { currentView } from "./store/views.js";
import { parsePopupArgs, type PopupArgs } from "./tmux/popup-args.js";
import { startFzf } from "./ui/fzf.js";
import { inboxFzfArgs, presentView } from "./ui/inbox-fzf.js";
import { HIDE_CURSOR, needsTerminal } from "./ui/term.js";
import { handover } from "./handover.js";
import { out } from "./core/stdout.js";

/** The view for this popup's scope and size, if current. */
function view(a: PopupArgs, now: number) {
  const scope = a.all ? null : projectOf(process.cwd());
  return currentView(docketHome(), scope, process.stdout.columns || 0, !process.env.NO_COLOR, agentDir(), now);
}

async function inbox(a: PopupArgs): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "docket-inbox-"));
  const fzf = startFzf(inboxFzfArgs(dir, 1, false));
  const now = Date.now();
  const v = view(a, now);
  const fed = !!v && v.rows.length > 0;
  if (fed) presentView(fzf, v, dir, "", now);
  // Let the rows' EOF through before loading the inbox module (~15 ms of busy event loop): fzf then
  // has its whole list, and its load event, at once.
  if (fed) await fzf.sent;
  const { runInbox } = await handover();
  await runInbox({ home: docketHome(), all: a.all, pane: a.pane, client: a.client, first: { fzf, dir, fed } });
}

async function verdict(a: PopupArgs): Promise<void> {
  const now = Date.now();
  const v = view(a, now);
  // Views are keyed by width; the frame is fit to a height too, and painted only in a popup that tall.
  const painted =
    v?.verdict && (v.height ?? -1) === (process.stdout.rows || 0)
      ? fillTimes(v.verdict.screen, now - v.builtAt)
      : undefined;
  if (painted) {
    out(HIDE_CURSOR + painted);
    // Keys typed while the verdict module loads wait in the terminal, unechoed.
    if (process.stdin.isTTY) process.stdin.setRawMode(true);
  }
  try {
    const { runVerdict } = await handover();
    // It picks the top decision itself, from the store as it is now, and repaints only if that differs.
    await runVerdict({ home: docketHome(), all: a.all, pane: a.pane, client: a.client, painted });
  } finally {
    if (painted && process.stdin.isTTY) process.stdin.setRawMode(false);
  }
}

const args = parsePopupArgs(process.argv.slice(2));
// The verdict is scoped like the inbox only when run from a binding (--origin-pane) or with --all.
const fast =
  args?.verb === "inbox"
    ? inbox
    : args?.verb === "verdict" && !args.ref && (args.pane || args.all)
      ? verdict
      : undefined;
const noTerminal = fast && needsTerminal(args!.verb);
if (noTerminal) {
  process.stderr.write(`docket: ${noTerminal}\n`);
  process.exitCode = 2;
} else if (fast) fast(args!).catch(async (err: unknown) => (await handover()).exitWithError(err));
else void handover().then((m) => m.main(process.argv.slice(2)));
