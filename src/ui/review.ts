// The review view behind `d` (inbox and verdict): the change set's diff, hunk by hunk, with the
// person's comments inline. Comments are kept in review.json per change set version until the person
// sends them all back as one message. `v` is plain less for a big diff, `i` the diff between versions.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DocketError } from "../core/errors.js";
import {
  changeSetVersions,
  currentVersion,
  hunkText,
  onLine,
  parseDiff,
  type ParsedDiff,
  unsent,
} from "../core/review.js";
import { sanitizeLine, sanitizeText } from "../core/sanitize.js";
import type { ReviewComment, WorkerStatus } from "../core/schema.js";
import { workerPaths } from "../store/layout.js";
import { addComment, deleteComment, readComments } from "../store/review.js";
import { readStatusRecord } from "../store/status-record.js";
import { c, truncateAnsi, wrap } from "./ansi.js";
import { colorDiffLine } from "./diff.js";
import { out } from "../core/stdout.js";
import { CLEAR, HIDE_CURSOR, SHOW_CURSOR, pressAnyKey, promptLine, readKey } from "./term.js";

export interface ReviewOptions {
  home: string;
  worker: WorkerStatus;
}

export const REVIEW_KEYS: Array<[string, string]> = [
  ["n j", "next hunk"],
  ["p k", "previous hunk"],
  ["↑ ↓", "move one line (the line a comment goes on)"],
  ["PgUp PgDn", "scroll a page"],
  ["c", "comment on the line (on a @@ line: the whole hunk)"],
  ["h", "comment on the whole hunk"],
  ["e", "comment in $VISUAL/$EDITOR (longer text)"],
  ["x", "delete the comment on this line (or hunk)"],
  ["S", "send all comments back to the worker as one message"],
  ["v", "the plain diff in less"],
  ["i", "what changed since the previous version (interdiff)"],
  ["?", "this help"],
  ["q Esc", "leave (comments are kept)"],
];

/** One screen row: a diff line (index into lines) or a comment under one. */
interface Row {
  line: number;
  text: string;
  comment?: ReviewComment;
}

/** The comments a diff line carries: a line comment on it, or (its hunk header) the hunk's comments. */
function commentsAt(d: ParsedDiff, i: number, comments: readonly ReviewComment[]): ReviewComment[] {
  const l = d.lines[i];
  if (!l || l.hunk < 0) return [];
  const h = d.hunks[l.hunk]!;
  return comments.filter(
    (cm) => cm.path === h.path && cm.hunk === h.header && (l.kind === "header" ? cm.line === undefined : onLine(cm, l)),
  );
}

export function reviewRows(d: ParsedDiff, comments: readonly ReviewComment[], width: number): Row[] {
  const rows: Row[] = [];
  d.lines.forEach((l, i) => {
    rows.push({ line: i, text: colorDiffLine(sanitizeLine(l.text)) });
    for (const cm of commentsAt(d, i, comments)) {
      const tag = cm.sentAt ? c.gray(" (sent)") : "";
      const body = wrap(sanitizeText(cm.comment), Math.max(10, width - 4));
      body.forEach((t, k) => {
        rows.push({
          line: i,
          comment: cm,
          text: (cm.sentAt ? c.gray : c.yellow)(`┃ ${t}`) + (k === body.length - 1 ? tag : ""),
        });
      });
    }
  });
  return rows;
}

/** The whole screen, `rows` high and `cols` wide; `top` is the first body row shown. */
export function reviewScreen(o: {
  label: string;
  version: number;
  older?: string;
  d: ParsedDiff;
  comments: ReviewComment[];
  cursor: number;
  top: number;
  cols: number;
  rows: number;
  note?: string;
}): { screen: string; top: number } {
  const { d, cursor, cols } = o;
  const height = Math.max(1, o.rows - 2);
  const all = reviewRows(d, o.comments, cols - 2);
  const at = Math.max(
    0,
    all.findIndex((r) => r.line === cursor && !r.comment),
  );
  // The cursor row stays in view; its comments under it too when there is room.
  let last = at;
  while (last + 1 < all.length && all[last + 1]!.line === cursor) last++;
  let top = Math.min(o.top, at);
  if (last >= top + height) top = Math.min(at, Math.max(0, last - height + 1));
  top = Math.max(0, Math.min(top, Math.max(0, all.length - height), at));
  const hunk = d.lines[cursor]?.hunk ?? -1;
  const pending = unsent(o.comments, o.version).length;
  const title =
    c.bold(`${sanitizeLine(o.label)} · review v${o.version}`) +
    (o.older ? c.gray(` ${sanitizeLine(o.older)}`) : "") +
    " " +
    c.gray(`· hunk ${hunk >= 0 ? hunk + 1 : "-"}/${d.hunks.length} · ${pending} comment${pending === 1 ? "" : "s"}`);
  const body = all
    .slice(top, top + height)
    .map((r) => (r.line === cursor && !r.comment ? `${c.accent("▸")}${r.text}` : ` ${r.text}`));
  while (body.length < height) body.push("");
  // What just happened takes the key line's place for one frame: the title is cut first in a small popup.
  const foot = o.note
    ? o.note
    : c.gray(
        [
          "n/p hunk",
          "c comment",
          "x delete",
          pending ? `S send ${pending}` : "",
          "v less",
          changeSetVersionsHint(o.older),
          "q back",
          "? keys",
        ]
          .filter(Boolean)
          .join(" · "),
      );
  const fit = (l: string) => truncateAnsi(l, Math.max(1, cols - 1));
  return { screen: [title, ...body, foot].map(fit).join("\n"), top };
}

function changeSetVersionsHint(older: string | undefined): string {
  return older ? "i interdiff" : "";
}

function patchFile(home: string, w: WorkerStatus, name: string | undefined): string | undefined {
  return name && /^[A-Za-z0-9._-]+$/.test(name) ? join(workerPaths(home, w.id).dir, name) : undefined;
}

/** `v1: +a −b`: what the version before this one was. */
function olderText(w: WorkerStatus): string | undefined {
  const vs = changeSetVersions(w);
  const prev = vs[vs.length - 2];
  if (!prev) return undefined;
  const add = prev.files.reduce((n, f) => n + f.added, 0);
  const del = prev.files.reduce((n, f) => n + f.removed, 0);
  return `(v${prev.version}: +${add} −${del})`;
}

async function showInterdiff(home: string, w: WorkerStatus): Promise<string | undefined> {
  const vs = changeSetVersions(w);
  const [a, b] = [vs[vs.length - 2], vs[vs.length - 1]];
  if (!a || !b) return c.gray("only one version: nothing to compare");
  const { interdiff } = await import("../git/interdiff.js");
  let text: string;
  try {
    text = await interdiff(w, workerPaths(home, w.id).dir, a, b);
  } catch (err) {
    return c.red(`interdiff: ${(err as Error).message.split("\n")[0]}`);
  }
  const [{ colorDiff }, { pageText }] = await Promise.all([import("./diff.js"), import("./actions.js")]);
  pageText(
    `${c.bold(`${sanitizeLine(w.label)} · v${a.version} → v${b.version}`)}\n` +
      `${text ? colorDiff(sanitizeText(text)) : c.gray("(no difference)")}\n`,
  );
  return undefined;
}

/** The review view; returns when the person leaves it (q / Esc). */
export async function runReview(opts: ReviewOptions): Promise<void> {
  const { home } = opts;
  let w = opts.worker;
  try {
    w = readStatusRecord(workerPaths(home, w.id)) ?? w;
  } catch {
    /* the card's copy will do */
  }
  const file = patchFile(home, w, w.changeSet?.patch);
  if (!file || !existsSync(file)) {
    out(`\n${sanitizeLine(w.label)} has no change set.\n`);
    pressAnyKey();
    return;
  }
  const raw = readFileSync(file, "utf8");
  const d = parseDiff(raw);
  const version = currentVersion(w);
  const older = olderText(w);
  const load = () => readComments(home, w.id).filter((cm) => cm.version === version);
  let comments = load();
  let cursor = d.hunks[0]?.start ?? 0;
  let top = 0;
  let note = "";
  const size = () => ({ cols: process.stdout.columns || 80, rows: process.stdout.rows || 24 });
  const paint = () => {
    const fr = reviewScreen({ label: w.label, version, older, d, comments, cursor, top, ...size(), note });
    top = fr.top;
    out(CLEAR + HIDE_CURSOR + fr.screen);
  };
  const gotoHunk = (i: number) => {
    const h = d.hunks[i];
    if (!h) return;
    cursor = h.start;
    // The hunk header goes to the top of the body; reviewScreen clamps at the end of the diff.
    const all = reviewRows(d, comments, size().cols - 2);
    top = Math.max(
      0,
      all.findIndex((r) => r.line === cursor),
    );
  };
  const ask = (label: string): string | undefined => {
    const { rows } = size();
    out(`\x1b[${rows};1H\x1b[2K${SHOW_CURSOR}`);
    const t = promptLine(c.bold(label));
    out(HIDE_CURSOR);
    return t;
  };
  const comment = async (wholeHunk: boolean, editor: boolean) => {
    const l = d.lines[cursor];
    if (!l || l.hunk < 0) {
      note = c.yellow("move to a hunk first (n)");
      return;
    }
    const h = d.hunks[l.hunk]!;
    const line = wholeHunk || l.kind === "header" ? undefined : l.line;
    const old = line !== undefined && l.kind === "del";
    const where =
      line !== undefined
        ? `${h.path}:${line}${old ? " (removed)" : ""}`
        : `${h.path} ${h.header.replace(/^(@@[^@]*@@).*$/, "$1")}`;
    let text: string | undefined;
    if (editor) {
      const { editText } = await import("./editor.js");
      out(SHOW_CURSOR);
      try {
        text = editText(
          `Review comment on ${sanitizeLine(where)} (${sanitizeLine(w.label)}, change set ` +
            `v${version})\n\n${sanitizeText(hunkText(d, h))}`,
        );
      } catch (err) {
        if (!(err instanceof DocketError)) throw err;
        note = c.red(err.message);
        return;
      }
    } else text = ask(`${where} >`);
    if (!text?.trim()) {
      note = c.gray("no comment");
      return;
    }
    addComment(home, w.id, {
      version,
      path: h.path,
      ...(line !== undefined ? { line } : {}),
      ...(old ? { side: "old" as const } : {}),
      hunk: h.header,
      hunkText: hunkText(d, h),
      comment: text.trim(),
    });
    comments = load();
    note = c.green("comment kept");
  };
  try {
    for (;;) {
      paint();
      note = "";
      const k = readKey();
      const hunk = d.lines[cursor]?.hunk ?? -1;
      if (k === "q" || k === "esc" || k === "ctrl-c" || k === "eof") return;
      if (k === "n" || k === "j") {
        const next = d.hunks.findIndex((h) => h.start > cursor);
        if (next >= 0) gotoHunk(next);
        else note = c.gray("last hunk");
      } else if (k === "p" || k === "k") {
        const prev = d.hunks.map((h) => h.start).filter((s) => s < cursor);
        if (prev.length) gotoHunk(d.hunks.findIndex((h) => h.start === prev[prev.length - 1]));
        else note = c.gray("first hunk");
      } else if (k === "down") cursor = Math.min(d.lines.length - 1, cursor + 1);
      else if (k === "up") cursor = Math.max(0, cursor - 1);
      else if (k === "pgdn" || k === "space") {
        const step = Math.max(1, size().rows - 3);
        cursor = Math.min(d.lines.length - 1, cursor + step);
        top += step;
      } else if (k === "pgup") {
        const step = Math.max(1, size().rows - 3);
        cursor = Math.max(0, cursor - step);
        top = Math.max(0, top - step);
      } else if (k === "c") await comment(false, false);
      else if (k === "h") await comment(true, false);
      else if (k === "e") await comment(false, true);
      else if (k === "x") {
        const here = commentsAt(d, cursor, comments).filter((cm) => !cm.sentAt);
        const hunkOnes = hunk >= 0 ? commentsAt(d, d.hunks[hunk]!.start, comments).filter((cm) => !cm.sentAt) : [];
        const victim =
          here[here.length - 1] ?? (d.lines[cursor]?.kind !== "header" ? undefined : hunkOnes[hunkOnes.length - 1]);
        if (victim && deleteComment(home, w.id, victim.id)) {
          comments = load();
          note = c.green("comment deleted");
        } else note = c.gray("no unsent comment on this line");
      } else if (k === "S") {
        const n = unsent(comments, version).length;
        if (!n) {
          note = c.gray("no comments to send");
          continue;
        }
        const yes = ask(`send ${n} comment${n === 1 ? "" : "s"} to ${sanitizeLine(w.label)} as one message? y/N`);
        if (yes?.trim().toLowerCase() !== "y") {
          note = c.gray("not sent");
          continue;
        }
        try {
          const { sendReview } = await import("../workers/review.js");
          const r = await sendReview(home, w);
          comments = load();
          note = c.green(`sent ${r.count} comment${r.count === 1 ? "" : "s"} (${r.tell.via})`);
        } catch (err) {
          note = c.red(sanitizeLine((err as Error).message).slice(0, 200));
        }
      } else if (k === "v") (await import("./actions.js")).showDiff(home, w);
      else if (k === "i") {
        note = (await showInterdiff(home, w)) ?? "";
      } else if (k === "?") {
        const { showHelp } = await import("./actions.js");
        showHelp("docket review", REVIEW_KEYS);
      }
    }
  } finally {
    out(SHOW_CURSOR);
  }
}
