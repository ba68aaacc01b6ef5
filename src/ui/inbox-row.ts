// One inbox row: label, state, kind, age, subject and markers (coloured for fzf, plain for --plain).
import type { ReviewItem } from "../core/ranking.js";
import { sanitizeLine } from "../core/sanitize.js";
import { stateWord } from "../core/states.js";
import { age, c } from "./ansi.js";

const STATE_COLOR: Record<string, (s: string) => string> = {
  question: c.yellow,
  failure: c.red,
  changes: c.green,
  findings: c.green,
  evidence: c.red,
  note: c.yellow,
  running: c.gray,
  reviewed: c.gray,
};

/**
 * Markers mix workers' text (overlapping paths, a bundle's title) with docket's own time tokens
 * (`\x1d<ms>:<pad>\x1d`, core/ages.ts, filled in when a view is shown): one safe line, tokens kept.
 */
export function safeMarkers(markers: string[]): string {
  return markers
    .join(" · ")
    .split(/(\x1d\d+:\d+\x1d)/)
    .map((part, i) => (i % 2 ? part : sanitizeLine(part)))
    .join("");
}

/** The row is one fzf line: the worker's texts are sanitised to one line before they are coloured. */
export function rowText(item: ReviewItem, now: number, color = true): string {
  const state = item.mounted
    ? `loaded ${item.mounted.source}`
    : item.artifactId
      ? item.kind === "command"
        ? "cmd failed"
        : item.kind === "note"
          ? "note"
          : "error"
      : stateWord(item.state);
  const cells = [
    sanitizeLine(item.key).padEnd(6),
    sanitizeLine(state).padEnd(11),
    sanitizeLine(item.kind.slice(0, 8)).padEnd(8),
    age(item.since, now, 4),
    sanitizeLine(item.subject.slice(0, 60) + (item.progress ? ` [${item.progress}]` : "")),
  ];
  const markers = safeMarkers(item.markers);
  if (!color) return [...cells, markers].join("  ").trimEnd();
  const paint = item.dim ? c.gray : (STATE_COLOR[item.group] ?? ((s: string) => s));
  const line = `${c.bold(cells[0]!)} ${paint(cells[1]!)} ${cells[2]} ${cells[3]}  ${cells[4]}`;
  const body = item.dim ? c.dim(line) : line;
  return markers ? `${body}  ${c.yellow(markers)}` : body;
}
