// The inbox's fzf command line and input, and putting a pre-rendered view on it. Rows are
// `<key>\t<text>`; the preview of a row is its card in the round's cards file, so a cursor move runs
// `awk`, never node. On the inbox key's critical path (main.ts): node built-ins and light modules only.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fillTimes } from "../core/ages.js";
import { shellQuote } from "../core/quote.js";
import type { InboxView } from "../store/views.js";
import type { StartedFzf } from "./fzf.js";

export const INBOX_KEYS = ["enter", "r", "p", "a", "y", "i", "I", "space", "d", "b", "/", "?"];
const KEY_HELP =
  "Enter verdict · r reply · p peek · a attach · y copy · i/I paste · Space done · d review · b broadcast · / filter " +
  "· ? keys";

/** Keys that end fzf and are reported (--expect). */
export function inboxExpect(filter: boolean): string[] {
  return filter ? ["enter"] : INBOX_KEYS;
}

export function inboxTitle(pending: number, scope: string | undefined): string {
  return `docket inbox · ${pending} need you${scope ? ` · ${scope}` : " · all projects"}`;
}

/** Columns fzf gives the list (and so its header lines) in a popup `cols` wide, beside or above the preview. */
export function listWidth(cols: number): number {
  return cols >= 90 ? cols - Math.floor(cols * 0.55) - 3 : cols - 3;
}

/**
 * The header's second line: the key help, or the note of the last action in its place (the help is one
 * `?` away), cut to the list's width with `…` so a cut shows (fzf would cut it with `..` anyway). A
 * note may carry colours: the cut counts printed characters only.
 */
export function headerNote(note: string, cols: number): string {
  if (!note) return KEY_HELP;
  const max = Math.max(8, cols > 0 ? listWidth(cols) : Infinity);
  if (visible(note).length <= max) return note;
  let out = "";
  let shown = 0;
  for (const [text, isEscape] of visible(note).parts) {
    if (isEscape) out += text;
    else if (shown < max - 1) {
      out += text.slice(0, max - 1 - shown);
      shown += Math.min(text.length, max - 1 - shown);
    }
  }
  return `${out}…\x1b[0m`;
}

/** A text split into its SGR escapes and printed runs, and the printed length. */
function visible(s: string): { parts: [string, boolean][]; length: number } {
  const parts: [string, boolean][] = [];
  let length = 0;
  let from = 0;
  for (let i = s.indexOf("\x1b["); i >= 0; i = s.indexOf("\x1b[", from)) {
    const end = s.indexOf("m", i);
    if (end < 0) break;
    parts.push([s.slice(from, i), false], [s.slice(i, end + 1), true]);
    length += i - from;
    from = end + 1;
  }
  parts.push([s.slice(from), false]);
  return { parts, length: length + s.length - from };
}

/** Card width for a popup `cols` wide: the preview takes 55% on the right, or all of it below. */
export function previewWidth(cols: number): number {
  return cols >= 90 ? Math.floor(cols * 0.55) - 3 : cols - 4;
}

/**
 * fzf arguments; the cursor starts on row `pos` (1-based). The title is not among them: it arrives
 * with the rows as a header line (inboxInput), so fzf can start before the rows are known.
 */
export function inboxFzfArgs(dir: string, pos: number, filter: boolean): string[] {
  const args = [
    "--ansi",
    "--no-sort",
    "--layout=reverse",
    "--delimiter=\t",
    "--with-nth=2..",
    "--info=hidden",
    "--header-lines=2",
    // fzf puts the row's key in {1}, single-quoted; awk prints that card from the cards file.
    `--preview=awk -v k={1} '$0 == "\\036" k { f = 1; next } /^\\036/ { f = 0 } f' ` +
      shellQuote(join(dir, CARDS_FILE)),
    "--preview-window=right,55%,border-left,wrap,<50(down,50%,border-top,wrap)",
    `--bind=load:pos(${pos})`,
  ];
  if (filter) args.push("--prompt=/ ", "--bind=esc:abort");
  else args.push("--disabled", "--prompt=  ", "--bind=j:down,k:up,q:abort");
  args.push(`--expect=${inboxExpect(filter).join(",")}`);
  return args;
}

/** fzf's input: the title and the key help (or the last action's note) as header lines, then the rows. */
export function inboxInput(title: string, rows: string[], note = "", cols = 0): string[] {
  return [`-\t${title}`, `-\t${headerNote(note, cols)}`, ...rows];
}

/** A row key as a preview file name (keys are ours: w3, w3.e1, b2.c4; anything else is flattened). */
export function previewName(key: string): string {
  return key.replace(/[^\w.-]/g, "_");
}

/** What the popup shows, with the ages of `now`. */
export function fillView(view: InboxView, now: number): { rows: string[]; preview(key: string): string } {
  const elapsed = now - view.builtAt;
  return {
    rows: view.rows.map((r) => fillTimes(r, elapsed)),
    preview: (key) => fillTimes(view.previews[key] ?? "", elapsed),
  };
}

/** The cards of one round, one file: `\x1e<key>` lines open each card (see inboxFzfArgs' preview). */
export const CARDS_FILE = "cards";
const CARD_MARK = "\x1e";

/** Write every card of a view, ages of `now`, into <dir>/cards (one write). Returns the filled rows. */
export function writeCards(view: InboxView, dir: string, now: number): string[] {
  const shown = fillView(view, now);
  const keys = view.rows.map((r) => r.slice(0, r.indexOf("\t")));
  // A mark at the start of a card's own line would end it early: it is dropped from the text.
  const cards = keys.map((k) => `${CARD_MARK}${k}\n${shown.preview(k).split(CARD_MARK).join("")}`).join("");
  writeFileSync(join(dir, CARDS_FILE), cards, { mode: 0o600 });
  return shown.rows;
}

/** Put a view on a started fzf: the cards first (a cursor move never finds its card missing), then the rows. */
export function presentView(fzf: StartedFzf, view: InboxView, dir: string, note: string, now: number): void {
  const rows = writeCards(view, dir, now);
  fzf.feed(inboxInput(inboxTitle(view.pending, view.scope ?? undefined), rows, note, view.cols));
}
