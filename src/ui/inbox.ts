// The inbox popup: ranked review items in fzf, card previews pre-rendered to files so a cursor move
// runs `cat`, never node. Keys end fzf (--expect); we act, re-rank, and reopen at the same row.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DocketError } from "../core/errors.js";
import type { ReviewItem } from "../core/ranking.js";
import { pendingCount } from "../core/ranking.js";
import { shellQuoteArg } from "./quote.js";
import { age, c } from "./ansi.js";
import { renderArtifactCard, renderCard } from "./card.js";
import { renderMountedCard } from "./mounted.js";
import { originProject, loadSnapshot, readPaneTail, toggleDoneKey, type Snapshot } from "./data.js";
import { runFzfWhile, rowKey } from "./fzf.js";
import type { Origin } from "./actions.js";

export interface InboxOptions extends Origin {
  home: string;
  all?: boolean;
}

// Lives in data.ts (the verdict popup needs it without loading this module); re-exported for callers.
export { originProject } from "./data.js";

const STATE_COLOR: Record<string, (s: string) => string> = {
  question: c.yellow,
  failure: c.red,
  changes: c.green,
  findings: c.green,
  evidence: c.red,
  running: c.gray,
  reviewed: c.gray,
};

/** One list row (plain text when color is false: --plain). */
export function rowText(item: ReviewItem, now: number, color = true): string {
  const state = item.mounted ? `loaded ${item.mounted.source}` : item.artifactId ? (item.kind === "command" ? "cmd failed" : "error") : item.state === "needs_input" ? "needs input" : item.state;
  const cells = [
    item.key.padEnd(6),
    state.padEnd(11),
    item.kind.slice(0, 8).padEnd(8),
    age(item.since, now).padStart(4),
    item.subject.slice(0, 60) + (item.progress ? ` [${item.progress}]` : ""),
  ];
  const markers = item.markers.join(" · ");
  if (!color) return [...cells, markers].join("  ").trimEnd();
  const paint = item.dim ? c.gray : (STATE_COLOR[item.group] ?? ((s: string) => s));
  const line = `${c.bold(cells[0]!)} ${paint(cells[1]!)} ${cells[2]} ${cells[3]}  ${cells[4]}`;
  const body = item.dim ? c.dim(line) : line;
  return markers ? `${body}  ${c.yellow(markers)}` : body;
}

/** Write each item's card (or those `only` picks) to <dir>/<n> (0600), so a cursor move runs `cat`. */
export function writePreviews(snap: Snapshot, dir: string, width: number, now: number, only?: (i: number) => boolean): void {
  snap.items.forEach((item, i) => {
    if (only && !only(i)) return;
    const m = item.mounted && snap.mounted.get(item.key);
    if (m) return writeFileSync(join(dir, String(i)), renderMountedCard(item, m, now, width) + "\n", { mode: 0o600 });
    const w = snap.byId.get(item.workerId)!;
    const arts = snap.artifacts.get(w.id) ?? [];
    const a = item.artifactId ? arts.find((x) => x.id === item.artifactId) : undefined;
    const text = a ? renderArtifactCard(w, a, now, width) : renderCard({ worker: w, artifacts: arts, paneTail: readPaneTail(snap.home, w.id), markers: snap.markers.get(w.id), width, now });
    writeFileSync(join(dir, String(i)), text + "\n", { mode: 0o600 });
  });
}

const NAV_KEYS = ["enter", "r", "p", "a", "y", "i", "I", "space", "d", "/", "?"];
const HEADER = "Enter verdict · r reply · p peek · a attach · y copy · i/I paste · Space done · d diff · / filter · ? keys";

export function fzfArgs(dir: string, pos: number, title: string, filter: boolean): string[] {
  const args = [
    "--ansi",
    "--no-sort",
    "--layout=reverse",
    "--delimiter=\t",
    "--with-nth=2..",
    "--info=hidden",
    `--header=${title}\n${HEADER}`,
    `--preview=cat ${shellQuoteArg(dir)}/{1}`,
    "--preview-window=right,55%,border-left,wrap,<50(down,50%,border-top,wrap)",
    `--bind=load:pos(${pos})`,
  ];
  if (filter) args.push("--prompt=/ ", "--bind=esc:abort");
  else args.push("--disabled", "--prompt=  ", "--bind=j:down,k:up,q:abort");
  return args;
}

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

export async function runInbox(opts: InboxOptions): Promise<void> {
  const project = opts.all ? undefined : originProject(opts.pane);
  let pos = 1;
  let filter = false;
  let note = "";
  for (;;) {
    const now = Date.now();
    const snap = await loadSnapshot(opts.home, project, now);
    if (snap.items.length === 0) {
      const { out, pressAnyKey } = await import("./term.js");
      out(emptyMessage(!project) + "\n");
      if (process.stdin.isTTY) pressAnyKey("press any key to close");
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), "docket-inbox-"));
    let res;
    try {
      const cols = process.stdout.columns || 120;
      const width = cols >= 90 ? Math.floor(cols * 0.55) - 3 : cols - 4;
      const rows = snap.items.map((it, i) => `${i}\t${rowText(it, now)}`);
      const title = `docket inbox · ${pendingCount(snap.items)} need you${project ? ` · ${project}` : " · all projects"}${note ? ` · ${note}` : ""}`;
      const at = Math.min(pos, rows.length);
      // First paint needs the list and the card under the cursor; the other cards are written while fzf
      // starts and draws (tens of ms before a person can move the cursor).
      writePreviews(snap, dir, width, now, (i) => i === at - 1);
      const run = { rows, args: fzfArgs(dir, at, title, filter), expect: filter ? ["enter"] : NAV_KEYS };
      res = await runFzfWhile(run, () => writePreviews(snap, dir, width, now, (i) => i !== at - 1));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    note = "";
    if (res.key === "abort") {
      if (filter) {
        filter = false;
        continue;
      }
      return;
    }
    const idx = Number(rowKey(res.selected[0]));
    const item = snap.items[idx];
    if (!item) return;
    pos = idx + 1;
    try {
      note = (await act(res.key === "" ? "enter" : res.key, item, snap, opts)) ?? "";
    } catch (err) {
      if (!(err instanceof DocketError)) throw err;
      note = c.red(err.message);
    }
    if (note === "exit") return;
    if (res.key === "/") filter = true;
    else if (filter) filter = false;
  }
}

/** Do what a key asks; returns a note for the header, or "exit" to close the popup. */
async function act(key: string, item: ReviewItem, snap: Snapshot, opts: InboxOptions): Promise<string | undefined> {
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
      return actions.attach(w, opts) ? "exit" : undefined;
    case "y":
      return actions.copyEvidence(opts.home, w, item, snap.artifacts.get(w.id) ?? []);
    case "i":
    case "I":
      return actions.pasteToOrigin(opts.home, w, item, key === "I", opts);
    case "space": {
      if (item.artifactId) return `${item.key} ${toggleDoneKey(opts.home, item.key) ? "done" : "restored"}`;
      const { updateStatus } = await import("../store/workers.js");
      const next = updateStatus(opts.home, w.id, (s) => ({ ...s, reviewedAt: s.reviewedAt ? undefined : new Date().toISOString() }));
      return `${w.label} ${next.reviewedAt ? "done" : "restored"}`;
    }
    case "d":
      actions.showDiff(opts.home, w);
      return undefined;
    case "?":
      actions.showHelp("docket inbox", actions.INBOX_KEYS);
      return undefined;
    default:
      return undefined;
  }
}
