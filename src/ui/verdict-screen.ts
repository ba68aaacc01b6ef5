// The verdict popup's screen: header with what remains, the worker's card, the choices, the keys.
// Pure rendering: the popup (verdict.ts) and pre-rendered views (inbox-view.ts) both use it.
import type { WorkerStatus } from "../core/schema.js";
import type { VerdictChoice } from "../core/verdict.js";
import { sanitizeLine } from "../core/sanitize.js";
import { c } from "./ansi.js";
import { renderCard } from "./card.js";
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

/** The whole verdict screen for a popup `cols` wide (0: unknown). */
export function verdictScreen(home: string, w: WorkerStatus, choices: VerdictChoice[], cursor: number, remaining: number, note: string, cols: number, now = Date.now()): string {
  const width = Math.min(cols || 100, 120) - 2;
  const digits = choices.filter((x) => x.digit !== undefined).length;
  const foot = [digits ? `1-${digits} pick` : "", "↑↓ move", "Enter select", w.changeSet ? "d diff" : "", "Esc close"].filter(Boolean).join(" · ");
  return [
    `${c.bold("docket · verdict")}${remaining > 0 ? c.gray(`   ${remaining} more`) : ""}${note ? `   ${note}` : ""}`,
    "",
    renderCard({ worker: w, paneTail: readPaneTail(home, w.id), replies: listMessages(workerPaths(home, w.id).inbox).messages.map((m) => m.msg), width, now }),
    "",
    ...renderChoices(choices, cursor),
    "",
    c.gray(foot),
  ].join("\n");
}
