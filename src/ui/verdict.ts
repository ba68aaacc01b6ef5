// The verdict popup: one decision at a time from the inbox ranking; after resolving, the next.
// Digits pick options only; Reject & stop is set apart and always confirmed.
import { DocketError } from "../core/errors.js";
import { resolveRef } from "../core/refs.js";
import type { WorkerStatus } from "../core/schema.js";
import { choiceForDigit, choicesFor, preselected, type VerdictChoice } from "../core/verdict.js";
import { c } from "./ansi.js";
import { renderCard } from "./card.js";
import { loadSnapshot, originProject, readPaneTail, type Snapshot } from "./data.js";
import type { Origin } from "./actions.js";
import { CLEAR, HIDE_CURSOR, SHOW_CURSOR, confirm, holdRaw, out, pressAnyKey, promptLine, readKey } from "./term.js";

export interface VerdictOptions extends Origin {
  home: string;
  ref?: string;
  /** Resolve only this one (Enter from the inbox), then return. */
  single?: boolean;
  all?: boolean;
}

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
    const label = ch.danger ? c.danger(ch.label) : sel ? c.bold(ch.label) : ch.label;
    const hint = ch.hint ? c.gray(`  · ${ch.hint}`) : "";
    if (ch.danger) lines.push("");
    lines.push(` ${mark} ${num} ${label}${hint}`);
  });
  return lines;
}

function screen(home: string, w: WorkerStatus, choices: VerdictChoice[], cursor: number, remaining: number, note: string): string {
  const width = Math.min(process.stdout.columns || 100, 120) - 2;
  const digits = choices.filter((x) => x.digit !== undefined).length;
  const foot = [digits ? `1-${digits} pick` : "", "↑↓ move", "Enter select", w.changeSet ? "d diff" : "", "Esc close"].filter(Boolean).join(" · ");
  return [
    `${c.bold("docket · verdict")}${remaining > 0 ? c.gray(`   ${remaining} more`) : ""}${note ? `   ${note}` : ""}`,
    "",
    renderCard({ worker: w, paneTail: readPaneTail(home, w.id), width }),
    "",
    ...renderChoices(choices, cursor),
    "",
    c.gray(foot),
  ].join("\n");
}

/** Ask for text, confirm, resolve. Returns the outcome note, or undefined when the person backed out. */
async function decide(opts: VerdictOptions, w: WorkerStatus, ch: VerdictChoice, others: WorkerStatus[]): Promise<string | undefined> {
  let text: string | undefined;
  if (ch.needsText) {
    out(SHOW_CURSOR);
    text = promptLine(`\n${c.bold(ch.label)} ${c.gray(`(${w.label}, Enter send, Esc cancel)`)}\n>`);
    if (!text?.trim()) return undefined;
  }
  // Loaded at decision time: resolve pulls the ledger and zod, which the first paint does not need.
  const { resolveVerdict } = await import("./resolve.js");
  let r = await resolveVerdict(opts.home, w, ch, { text, others });
  if (!r.done) {
    const q = ch.danger ? c.danger(r.confirm) : c.warn(r.confirm);
    if (!confirm(q)) return undefined;
    r = await resolveVerdict(opts.home, w, ch, { text, others, confirmed: true });
  }
  return r.done ? r.message : undefined;
}

/** Returns the last outcome note (the inbox shows it in its header). */
export async function runVerdict(opts: VerdictOptions): Promise<string> {
  const handled = new Set<string>();
  let note = "";
  let first = opts.ref;
  out(HIDE_CURSOR);
  const releaseRaw = holdRaw();
  try {
    for (;;) {
      const snap = await loadSnapshot(opts.home, undefined);
      let list = queue(snap, handled);
      if (!opts.all && !first && opts.pane) {
        const { inProject } = await import("../core/ranking.js");
        const project = originProject();
        list = list.filter((w) => inProject(w, project));
      }
      let w: WorkerStatus | undefined;
      if (first) {
        w = resolveRef(first, snap.workers);
        first = undefined;
      } else w = list[0];
      if (!w || (opts.single && handled.size > 0)) {
        if (!opts.single) {
          out(CLEAR + (note ? note + "\n\n" : "") + "Nothing else needs a decision.\n");
          pressAnyKey("press any key to close");
        }
        return note;
      }
      const choices = choicesFor(w);
      let cursor = preselected(choices);
      const remaining = list.filter((x) => x.id !== w!.id).length;
      let picked: VerdictChoice | undefined;
      for (;;) {
        out(CLEAR + screen(opts.home, w, choices, cursor, remaining, note));
        const k = readKey();
        if (k === "esc" || k === "q" || k === "ctrl-c" || k === "eof") return note;
        if (k === "up" || k === "k") cursor = (cursor + choices.length - 1) % choices.length;
        else if (k === "down" || k === "j") cursor = (cursor + 1) % choices.length;
        else if (k === "enter") picked = choices[cursor];
        else if (/^[1-9]$/.test(k)) picked = choiceForDigit(choices, Number(k));
        else if (k === "d" && w.changeSet) (await import("./actions.js")).showDiff(opts.home, w);
        if (!picked) continue;
        try {
          const msg = await decide(opts, w, picked, snap.workers);
          if (msg !== undefined) {
            note = c.green(`✓ ${msg}`);
            break;
          }
        } catch (err) {
          if (!(err instanceof DocketError)) throw err;
          note = c.red(err.message);
        } finally {
          out(HIDE_CURSOR);
        }
        picked = undefined;
      }
      handled.add(w.id);
    }
  } finally {
    releaseRaw();
    out(SHOW_CURSOR);
  }
}
