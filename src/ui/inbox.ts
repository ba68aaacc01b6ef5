// The inbox popup: ranked review items in fzf. Each round shows a pre-rendered view (rows and every
// card, see inbox-view.ts) so a cursor move runs `awk` over the cards, never node; the first round may
// arrive already running from main.ts. Keys end fzf (--expect); we act on a fresh snapshot and
// reopen.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DocketError } from "../core/errors.js";
import type { ReviewItem } from "../core/ranking.js";
import { startFzf, type StartedFzf } from "./fzf.js";
import { inboxFzfArgs, presentView, previewName } from "./inbox-fzf.js";
import { c } from "./ansi.js";
import { loadSnapshot, originProject, toggleDoneKey, type Snapshot } from "./data.js";
import { finishFzf, rowKey, type FzfResult } from "./fzf.js";
import { buildInboxView } from "./inbox-view.js";
import type { Origin } from "./actions.js";

/** The first round, started by main.ts: fzf running on `dir`, already fed from a view or not. */
export interface StartedInbox {
  fzf: StartedFzf;
  dir: string;
  fed: boolean;
}

export interface InboxOptions extends Origin {
  home: string;
  all?: boolean;
  first?: StartedInbox;
}

export { originProject } from "./data.js";
export { rowText } from "./inbox-row.js";

function emptyMessage(all: boolean): string {
  return [
    c.bold(all ? "Inbox is empty: no workers yet." : "Inbox is empty for this project."),
    "",
    "Start a worker:",
    `  ${c.accent("docket spawn <task>")}            from a shell`,
    `  ${c.accent("prefix + the docket spawn key")}  from tmux (docket spawn --prompt)`,
    all ? "" : `  ${c.gray("docket inbox --all shows every project")}`,
  ].join("\n");
}

interface Round {
  pos: number;
  filter: boolean;
  note: string;
}

/** One round: fzf on the view (built from the store unless the first round brought one). undefined: empty. */
async function showRound(
  opts: InboxOptions,
  scope: string | undefined,
  r: Round,
  first: StartedInbox | undefined,
): Promise<FzfResult | undefined> {
  const dir = first?.dir ?? mkdtempSync(join(tmpdir(), "docket-inbox-"));
  let fzf = first?.fzf;
  try {
    if (!first?.fed) {
      const { view } = await buildInboxView({
        home: opts.home,
        scope,
        cols: process.stdout.columns || 0,
        rows: process.stdout.rows || 0,
      });
      if (view.rows.length === 0) {
        fzf?.kill();
        await fzf?.done;
        return undefined;
      }
      fzf ??= startFzf(inboxFzfArgs(dir, r.pos, r.filter));
      presentView(fzf, view, dir, r.note, Date.now());
    }
    return await finishFzf(fzf!, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runInbox(opts: InboxOptions): Promise<void> {
  const scope = opts.all ? undefined : originProject();
  const round: Round = { pos: 1, filter: false, note: "" };
  let first = opts.first;
  // The fast entry skipped the CLI's prune check; it runs while the person reads the list.
  if (first) void import("../workers/prune.js").then((m) => m.maybePrune(opts.home));
  for (;;) {
    const res = await showRound(opts, scope, round, first);
    first = undefined;
    if (!res) {
      const [{ out }, { pressAnyKey }] = await Promise.all([import("../core/stdout.js"), import("./term.js")]);
      out(emptyMessage(!scope) + "\n");
      if (process.stdin.isTTY) pressAnyKey("press any key to close");
      return;
    }
    round.note = "";
    if (res.key === "abort") {
      if (round.filter) {
        round.filter = false;
        continue;
      }
      return;
    }
    // Act on the store as it is now: the row's worker may have moved on while the list was open.
    const key = rowKey(res.selected[0]);
    const snap = await loadSnapshot(opts.home, scope);
    const idx = snap.items.findIndex((it) => previewName(it.key) === key);
    const item = snap.items[idx];
    if (!item) {
      round.note = c.yellow(`${key ?? "that row"} is no longer in the inbox`);
      continue;
    }
    round.pos = idx + 1;
    try {
      round.note = (await act(res.key === "" ? "enter" : res.key, item, snap, opts)) ?? "";
    } catch (err) {
      if (!(err instanceof DocketError)) throw err;
      round.note = c.red(err.message);
    }
    if (round.note === "exit") return;
    if (res.key === "/") round.filter = true;
    else if (round.filter) round.filter = false;
  }
}

/** Do what a key asks; returns a note for the header, or "exit" to close the popup. */
async function act(key: string, item: ReviewItem, snap: Snapshot, opts: InboxOptions): Promise<string | undefined> {
  if (key === "b")
    return (await import("./reply.js")).broadcastFrom(opts.home, snap.workers, opts.all ? undefined : originProject());
  if (item.mounted) return (await import("./mounted.js")).actOnMounted(opts.home, key, item, opts);
  const w = snap.byId.get(item.workerId)!;
  const actions = await import("./actions.js");
  switch (key) {
    case "enter": {
      const { runVerdict } = await import("./verdict.js");
      return runVerdict({ home: opts.home, ref: w.label, pane: opts.pane, client: opts.client, single: true });
    }
    case "r": {
      const { replyTo } = await import("./reply.js");
      return replyTo(opts.home, w);
    }
    case "p": {
      const { runPeek } = await import("./peek.js");
      const r = await runPeek({ home: opts.home, ref: w.label, pane: opts.pane, client: opts.client });
      return r === "attached" ? "exit" : undefined;
    }
    case "a":
      return (await actions.attach(w, opts)) ? "exit" : undefined;
    case "y":
      return actions.copyEvidence(w, item, snap.artifacts.get(w.id) ?? []);
    case "i":
    case "I":
      return actions.pasteToOrigin(opts.home, w, item, key === "I", opts);
    case "space": {
      if (item.artifactId) return `${item.key} ${toggleDoneKey(opts.home, item.key) ? "done" : "restored"}`;
      const { updateStatus } = await import("../store/workers.js");
      const next = updateStatus(opts.home, w.id, (s) => ({
        ...s,
        reviewedAt: s.reviewedAt ? undefined : new Date().toISOString(),
      }));
      return `${w.label} ${next.reviewedAt ? "done" : "restored"}`;
    }
    case "d":
      if (!w.changeSet) {
        actions.showDiff(opts.home, w);
        return undefined;
      }
      await (await import("./review.js")).runReview({ home: opts.home, worker: w });
      return undefined;
    case "?":
      actions.showHelp("docket inbox", actions.INBOX_KEYS);
      return undefined;
    default:
      return undefined;
  }
}
