// The verdict popup's screen: header with what remains, the worker's card, the choices, the keys.
// Pure rendering: the popup (verdict.ts) and pre-rendered views (inbox-view.ts) both use it.
import type { WorkerStatus } from "../core/schema.js";
import type { VerdictChoice } from "../core/verdict.js";
import { sanitizeLine } from "../core/sanitize.js";
import { c, stripAnsi, truncateAnsi, wrap } from "./ansi.js";
import { cardHeaderParts, renderCard } from "./card.js";
import { readPaneTail, type Snapshot } from "./data.js";
import { listMessages } from "../store/inbox.js";
import { workerPaths } from "../store/layout.js";

const DECIDE = new Set(["question", "failure", "changes", "findings"]);

/** Workers waiting on a decision, in inbox order, minus those handled this session. */
export function queue(snap: Snapshot, handled: Set<string>): WorkerStatus[] {
  const seen = new Set<string>();
  const out: WorkerStatus[] = [];
  for (const it of snap.items) {
    if (it.artifactId || !DECIDE.has(it.group) || handled.has(it.workerId) || seen.has(it.workerId)) continue;
    seen.add(it.workerId);
    out.push(snap.byId.get(it.workerId)!);
  }
  return out;
}

export function renderChoices(choices: VerdictChoice[], cursor: number): string[] {
  const lines: string[] = [];
  choices.forEach((ch, i) => {
    const sel = i === cursor;
    const mark = sel ? c.accent("▸") : " ";
    const num = ch.digit !== undefined ? c.bold(String(ch.digit)) : " ";
    // Option texts are the worker's: one safe line before docket's colours.
    const text = sanitizeLine(ch.label);
    const label = ch.danger ? c.danger(text) : sel ? c.bold(text) : text;
    const hint = ch.hint ? c.gray(`  · ${sanitizeLine(ch.hint)}`) : "";
    if (ch.danger) lines.push("");
    lines.push(` ${mark} ${num} ${label}${hint}`);
  });
  return lines;
}

export interface VerdictFrame {
  screen: string;
  /** The body offset actually shown (clamped to what there is). */
  scroll: number;
  /** Body lines one page moves (PgUp/PgDn); 0 when the body fits. */
  page: number;
}

/**
 * The verdict screen fit to a popup `cols` × `rows` (0: unknown, nothing is cut). The header (worker
 * label, state, risk) and the verb menu with the selected verb always show; the title, the task line,
 * the key line and the blank separators go when there is no room, and the body (question, summary,
 * failure, terminal tail…) is cut to what is left, `scroll` lines down, with a gray line saying
 * how much more there is and which key shows it. Every line is cut to `cols` so each takes one row.
 */
export function verdictFrame(
  home: string,
  w: WorkerStatus,
  choices: VerdictChoice[],
  cursor: number,
  remaining: number,
  note: string,
  cols: number,
  rows = 0,
  scroll = 0,
  now = Date.now(),
): VerdictFrame {
  const width = Math.min(cols || 100, 120) - 2;
  const digits = choices.filter((x) => x.digit !== undefined).length;
  const card = renderCard({
    worker: w,
    paneTail: readPaneTail(home, w.id),
    replies: listMessages(workerPaths(home, w.id).inbox).messages.map((m) => m.msg),
    width,
    now,
  }).split("\n");
  // The card's first line is its header; risk and marker lines follow it up to the first blank line.
  const blank = card.indexOf("");
  const headRest = blank < 0 ? card.slice(1) : card.slice(1, blank);
  const body = blank < 0 ? [] : card.slice(blank + 1);
  const parts = cardHeaderParts(w, now);
  const title =
    `${c.bold("docket · verdict")}${remaining > 0 ? c.gray(`   ${remaining} more`) : ""}` +
    `${note ? `   ${note}` : ""}`;
  const menu = renderChoices(choices, cursor);
  const fit = (l: string) => (cols > 0 ? truncateAnsi(l, cols - 1) : l);

  if (rows <= 0) {
    const foot = [
      digits ? `1-${digits} pick` : "",
      "↑↓ move",
      "Enter select",
      w.changeSet ? "d review" : "",
      "Esc close",
    ]
      .filter(Boolean)
      .join(" · ");
    const screen = [
      title,
      "",
      `${parts.lead} · ${parts.task}   ${parts.meta}`,
      ...headRest,
      ...(body.length ? ["", ...body] : []),
      "",
      ...menu,
      "",
      c.gray(foot),
    ].join("\n");
    return { screen, scroll: 0, page: 0 };
  }

  // Label and state first: the header a short popup keeps. An outcome note too long for the title
  // line gets lines of its own, in its colour.
  const bare = `${c.bold("docket · verdict")}${remaining > 0 ? c.gray(`   ${remaining} more`) : ""}`;
  let noteLines: string[] = [];
  if (note && cols > 0 && [...stripAnsi(title)].length > cols - 1) {
    const sgr = /^(?:\x1b\[[0-9;]*m)*/.exec(note)![0];
    noteLines = wrap(stripAnsi(note), Math.max(10, cols - 2))
      .slice(0, 3)
      .map((l) => (sgr ? `${sgr}${l}\x1b[0m` : l));
  }
  const head = [...noteLines, `${parts.lead} · ${parts.meta}`, ...headRest];
  const taskLine = `  ${parts.task}`;
  // The menu is kept whole when it can be; else a window around the selected verb.
  let menuLines = menu;
  const menuRoom = Math.max(1, rows - head.length);
  if (menu.length > menuRoom) {
    const at = menu.findIndex((l) => l.includes("▸"));
    const start = Math.max(0, Math.min(at - Math.floor(menuRoom / 2), menu.length - menuRoom));
    menuLines = menu.slice(start, start + menuRoom);
  }
  let free = rows - head.length - menuLines.length;
  const take = (n: number) => {
    if (free < n) return false;
    free -= n;
    return true;
  };
  const want = body.length > 0;
  // At least one body line (the question, the failure…) and the line that says there is more come
  // first; then the title, the task, the keys; blank lines last.
  const bodyMin = want ? Math.min(body.length, 2) : 0;
  const bodyReserved = take(bodyMin) ? bodyMin : want && take(1) ? 1 : 0;
  const hasTitle = take(1);
  const hasTask = take(1);
  const hasFoot = take(1);
  const gapMenu = take(1);
  const gapHead = want && take(1);
  const gapFoot = hasFoot && take(1);
  const gapTitle = hasTitle && take(1);
  const room = bodyReserved + (want ? free : 0);

  let shown: string[] = [];
  let top = 0;
  let page = 0;
  if (want && room > 0) {
    if (body.length <= room) shown = body;
    else {
      // Room for content lines between the "above" and "more" lines.
      page = Math.max(1, room - 2);
      top = Math.max(0, Math.min(scroll, body.length - (room - 1)));
      const above = top > 0 && room >= 3 ? 1 : 0;
      let n = room - above;
      if (top + n < body.length) n -= 1;
      n = Math.max(0, n);
      if (above) shown.push(c.gray(`… ${top} line${top === 1 ? "" : "s"} above (PgUp)`));
      shown.push(...body.slice(top, top + n));
      const more = body.length - top - n;
      // Too short for a line of its own: what is above goes into the last line.
      const hidden = top > 0 && !above ? `${top} above · ` : "";
      if (more > 0)
        shown.push(c.gray(`… ${hidden}${more} more line${more === 1 ? "" : "s"} (${hidden ? "PgUp/" : ""}PgDn)`));
      else if (hidden) shown.push(c.gray(`… ${top} line${top === 1 ? "" : "s"} above (PgUp)`));
      if (shown.length > room) shown = shown.slice(0, room);
    }
  }
  const paging = page > 0 ? "PgUp/PgDn more · " : "";
  const foot = [digits ? `1-${digits} pick` : "", "↑↓ move", "Enter select", w.changeSet ? "d review" : "", "Esc close"]
    .filter(Boolean)
    .join(" · ");
  const lines = [
    ...(hasTitle ? [noteLines.length ? bare : title] : []),
    ...(gapTitle ? [""] : []),
    ...head,
    ...(hasTask ? [taskLine] : []),
    ...(gapHead && shown.length ? [""] : []),
    ...shown,
    ...(gapMenu ? [""] : []),
    ...menuLines,
    ...(gapFoot ? [""] : []),
    ...(hasFoot ? [c.gray(paging + foot)] : []),
  ];
  return { screen: lines.slice(0, rows).map(fit).join("\n"), scroll: top, page };
}

/** The whole verdict screen for a popup `cols` wide and `rows` high (0: unknown). */
export function verdictScreen(
  home: string,
  w: WorkerStatus,
  choices: VerdictChoice[],
  cursor: number,
  remaining: number,
  note: string,
  cols: number,
  now = Date.now(),
  rows = 0,
): string {
  return verdictFrame(home, w, choices, cursor, remaining, note, cols, rows, 0, now).screen;
}
