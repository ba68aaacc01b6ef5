// bin/docket's entry. For the inbox key, fzf starts at once and a pre-rendered view (first-paint.cts)
// goes straight into it, before any ES module loads; the inbox module then takes over (and renders
// from the store when there was no current view). Every other command goes to the CLI (cli/main.ts).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { agentDir, currentView, docketHome, inboxFzfArgs, parsePopupArgs, presentView, previewWidth, projectOf, startFzf, type PopupArgs } from "./first-paint.cjs";

async function inbox(a: PopupArgs): Promise<void> {
  const home = docketHome();
  const scope = a.all ? null : projectOf(process.cwd());
  const dir = mkdtempSync(join(tmpdir(), "docket-inbox-"));
  const fzf = startFzf(inboxFzfArgs(dir, 1, false));
  const now = Date.now();
  const view = currentView(home, scope, previewWidth(process.stdout.columns || 120), !process.env.NO_COLOR, agentDir(), now);
  const meanwhile = view && view.rows.length > 0 ? presentView(fzf, view, dir, 1, "", now) : undefined;
  // Let the rows' EOF through before loading the inbox module (~15 ms of busy event loop): fzf then
  // has its whole list, and its load event, at once.
  if (meanwhile) await fzf.sent;
  const { runInbox } = await import("../ui/inbox.js");
  await runInbox({ home, all: a.all, pane: a.pane, client: a.client, first: { fzf, dir, meanwhile } });
}

const args = parsePopupArgs(process.argv.slice(2));
if (args?.verb === "inbox") inbox(args).catch(async (err: unknown) => (await import("../cli/fail.js")).exitWithError(err));
else void import("../cli/main.js");
