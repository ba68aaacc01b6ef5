// The conflict card: Accept ran into a merge conflict (nothing was changed). It names the conflicting
// paths and lines and offers Combine (with the sibling whose accepted change set is in the way, else
// with the parent's own edits: the editor opens on diff3-marked files), Send back (one key: the worker
// gets its conflicts and the parent's current regions, and rebases), or Cancel.
import { DocketError } from "../core/errors.js";
import { sanitizeLine } from "../core/sanitize.js";
import type { WorkerStatus } from "../core/schema.js";
import type { MergeConflict } from "../git/promote.js";
import { c } from "./ansi.js";
import { out } from "../core/stdout.js";
import { CLEAR, confirm, readKey } from "./term.js";

export interface ConflictChoice {
  key: string;
  label: string;
  hint: string;
}

const span = (l: [number, number]) => (l[0] === l[1] ? `${l[0]}` : `${l[0]}-${l[1]}`);

/** The card's lines (pure: the screen test reads it). */
export function conflictScreen(
  w: WorkerStatus,
  conflicts: MergeConflict[],
  partner: WorkerStatus | undefined,
  cursor: number,
  note = "",
): { lines: string[]; choices: ConflictChoice[] } {
  const withWhom = partner ? partner.label : "the parent";
  const choices: ConflictChoice[] = [
    {
      key: "c",
      label: `Combine with ${withWhom}`,
      hint:
        `open the conflicts in $EDITOR (${partner ? partner.label : "parent"} vs ${w.label}); written only once ` +
        `all are resolved`,
    },
    {
      key: "s",
      label: `Send back to ${w.label}`,
      hint: "it gets the conflicts and the parent's current regions, rebases, calls docket_done again",
    },
    { key: "esc", label: "Cancel", hint: "leave it for now" },
  ];
  const lines = [
    `${c.bold("docket · verdict · conflict")}${note ? `   ${note}` : ""}`,
    "",
    `${c.bold(w.label)} · ${sanitizeLine(w.task.split("\n")[0] ?? "").slice(0, 80)}`,
    c.warn(
      `Accept refused: the change set conflicts with ` +
        `${partner ? `${partner.label}'s accepted change set in ` : ""}the parent's version of`,
    ),
    ...conflicts.map(
      (x) => `  ${sanitizeLine(x.path)}${x.lines.length ? c.gray(`  lines ${x.lines.map(span).join(", ")}`) : ""}`,
    ),
    c.gray("Nothing was changed."),
    "",
    ...choices.map(
      (ch, i) =>
        ` ${i === cursor ? c.accent("▸") : " "} ${c.bold(ch.key === "esc" ? "Esc" : ch.key)} ` +
        `${i === cursor ? c.bold(ch.label) : ch.label}${c.gray(`  · ${ch.hint}`)}`,
    ),
    "",
    c.gray("c combine · s send back · ↑↓ Enter · Esc cancel"),
  ];
  return { lines, choices };
}

/** Runs the card. Returns the outcome note, or undefined when the person cancelled. */
export async function runConflictCard(
  home: string,
  w: WorkerStatus,
  conflicts: MergeConflict[],
  workers: WorkerStatus[],
  client?: string,
): Promise<string | undefined> {
  const wc = await import("../workers/combine.js");
  const partner = wc.conflictPartner(home, w, workers, conflicts);
  let cursor = 0;
  let note = "";
  for (;;) {
    const { lines, choices } = conflictScreen(w, conflicts, partner, cursor, note);
    out(CLEAR + lines.join("\n"));
    const k = readKey();
    let pick: string | undefined;
    if (k === "esc" || k === "q" || k === "ctrl-c" || k === "eof") return undefined;
    if (k === "up" || k === "k") cursor = (cursor + choices.length - 1) % choices.length;
    else if (k === "down" || k === "j") cursor = (cursor + 1) % choices.length;
    else if (k === "enter") pick = choices[cursor]!.key;
    else if (k === "c" || k === "s") pick = k;
    if (!pick) continue;
    if (pick === "esc") return undefined;
    try {
      if (pick === "s") return await wc.sendBack(home, w, conflicts);
      const { conflictEditor } = await import("./conflict-editor.js");
      const ed = conflictEditor({ client });
      const [a, b] = partner ? [partner, w] : [w, undefined];
      let r = await wc.combineWorkers(home, a, b, { edit: ed.edit, noEditor: ed.why });
      if (!r.done) {
        if (!confirm(c.warn(r.confirm))) continue;
        r = await wc.combineWorkers(home, a, b, { edit: ed.edit, noEditor: ed.why, confirmed: true });
      }
      if (r.done) return r.message;
    } catch (err) {
      if (!(err instanceof DocketError)) throw err;
      note = c.red(err.message);
    }
  }
}
