// The verdict popup: one decision at a time from the inbox ranking; after resolving, the next.
// Digits pick options only; Reject & stop is set apart and always confirmed.
import { DocketError } from "../core/errors.js";
import { resolveRef } from "../core/refs.js";
import type { WorkerStatus } from "../core/schema.js";
import type { MergeConflict } from "../git/promote.js";
import { choiceForDigit, choicesFor, movedOn, preselected, type VerdictChoice } from "../core/verdict.js";
import { workerPaths } from "../store/layout.js";
import { reviewPending } from "../store/review.js";
import { readStatusRecord } from "../store/status-record.js";
import { c } from "./ansi.js";
import { loadSnapshot, originProject } from "./data.js";
import type { Origin } from "./actions.js";
import { queue, verdictFrame } from "./verdict-screen.js";
import { out } from "../core/stdout.js";
import { CLEAR, HIDE_CURSOR, SHOW_CURSOR, confirm, holdRaw, pressAnyKey, promptLine, readKey } from "./term.js";

export interface VerdictOptions extends Origin {
  home: string;
  ref?: string;
  /** Resolve only this one (Enter from the inbox), then return. */
  single?: boolean;
  all?: boolean;
  /** The frame main.ts already painted from a view: not painted twice if still the same. */
  painted?: string;
}

/** Ask for text, confirm, resolve. Returns the outcome note, or undefined when the person backed out. */
async function decide(
  opts: VerdictOptions,
  w: WorkerStatus,
  ch: VerdictChoice,
  others: WorkerStatus[],
): Promise<string | undefined> {
  let text: string | undefined;
  let plan: import("../core/schema.js").Plan | undefined;
  if (ch.editsPlan && w.result?.plan) {
    // The plan goes to the implementer as the person leaves it; an empty file backs out.
    out(SHOW_CURSOR);
    plan = (await import("./editor.js")).editPlan(w.label, w.result.plan);
    if (!plan) return undefined;
  }
  if (ch.needsText) {
    out(SHOW_CURSOR);
    text = promptLine(`\n${c.bold(ch.label)} ${c.gray(`(${w.label}, Enter send, Esc cancel)`)}\n>`);
    if (!text?.trim()) return undefined;
  }
  // Loaded at decision time: resolve pulls the ledger and the git/tmux side, which the first paint does not need.
  const { resolveVerdict } = await import("../workers/verdict.js");
  let r = await resolveVerdict(opts.home, w, ch, { text, others, ...(plan ? { plan } : {}) });
  if (!r.done) {
    const q = ch.danger ? c.danger(r.confirm) : c.warn(r.confirm);
    if (!confirm(q)) return undefined;
    r = await resolveVerdict(opts.home, w, ch, { text, others, confirmed: true, ...(plan ? { plan } : {}) });
  }
  return r.done ? r.message : undefined;
}

function current(home: string, id: string): WorkerStatus | undefined {
  try {
    return readStatusRecord(workerPaths(home, id));
  } catch {
    return undefined;
  }
}

/** Returns the last outcome note (the inbox shows it in its header). */
export async function runVerdict(opts: VerdictOptions): Promise<string> {
  const handled = new Set<string>();
  let note = "";
  let first = opts.ref;
  let painted = opts.painted;
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
          out(
            CLEAR +
              (note ? note + "\n\n" : "") +
              (handled.size > 0 ? "Nothing else needs a decision.\n" : "Nothing needs a decision.\n"),
          );
          pressAnyKey("press any key to close");
        }
        return note;
      }
      let choices = choicesFor(w, { comments: reviewPending(opts.home, w) });
      let cursor = preselected(choices);
      const remaining = list.filter((x) => x.id !== w!.id).length;
      let picked: VerdictChoice | undefined;
      let redraw = false;
      let scroll = 0;
      for (;;) {
        // Fit to the popup as it is now: a pre-painted frame for another size differs, so it is repainted.
        const fr = verdictFrame(
          opts.home,
          w,
          choices,
          cursor,
          remaining,
          note,
          process.stdout.columns || 0,
          process.stdout.rows || 0,
          scroll,
        );
        scroll = fr.scroll;
        const frame = CLEAR + fr.screen;
        if (frame !== painted) out(frame);
        painted = undefined;
        const k = readKey();
        if (k === "esc" || k === "q" || k === "ctrl-c" || k === "eof") return note;
        if (k === "pgdn" || k === ">") {
          scroll += fr.page;
          continue;
        }
        if (k === "pgup" || k === "<") {
          scroll = Math.max(0, scroll - fr.page);
          continue;
        }
        if (k === "up" || k === "k") cursor = (cursor + choices.length - 1) % choices.length;
        else if (k === "down" || k === "j") cursor = (cursor + 1) % choices.length;
        else if (k === "enter") picked = choices[cursor];
        else if (/^[1-9]$/.test(k)) picked = choiceForDigit(choices, Number(k));
        else if (k === "d" && w.changeSet) {
          await (await import("./review.js")).runReview({ home: opts.home, worker: w });
          // Comments added or sent in the review view change the Send back verb.
          const sel = choices[cursor]?.verb;
          choices = choicesFor(w, { comments: reviewPending(opts.home, w) });
          cursor = Math.max(
            0,
            choices.findIndex((x) => x.verb === sel),
          );
        }
        if (!picked) continue;
        // The card may be stale: a reply from elsewhere, a new question, a new state. Never act on it.
        const stale = movedOn(w, current(opts.home, w.id));
        if (stale) {
          note = c.red(stale);
          redraw = true;
          break;
        }
        try {
          const msg = await decide(opts, w, picked, snap.workers);
          if (msg !== undefined) {
            note = c.green(`✓ ${msg}`);
            break;
          }
        } catch (err) {
          if (!(err instanceof DocketError)) throw err;
          note = c.red(err.message);
          // Accept ran into a merge conflict (nothing changed): the conflict card offers combine / send back.
          const conflicts = (err as { conflicts?: MergeConflict[] }).conflicts;
          if (err.name === "PromoteConflictError" && conflicts) {
            const { runConflictCard } = await import("./conflict-card.js");
            const msg = await runConflictCard(opts.home, w, conflicts, snap.workers, opts.client);
            if (msg !== undefined) {
              note = c.green(`✓ ${msg}`);
              break;
            }
          }
        } finally {
          out(HIDE_CURSOR);
        }
        picked = undefined;
      }
      if (redraw && current(opts.home, w.id)) first = w.label;
      else handled.add(w.id);
    }
  } finally {
    releaseRaw();
    out(SHOW_CURSOR);
  }
}
