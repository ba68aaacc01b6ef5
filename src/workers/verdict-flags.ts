// Non-interactive verdicts (`docket verdict wN --accept` …): same choices, same ledger, no popup.
import { DocketError } from "../core/errors.js";
import { resolveRef } from "../core/refs.js";
import { choicesFor, type VerdictChoice } from "../core/verdict.js";
import type { Plan, WorkerStatus } from "../core/schema.js";
import type { MergeConflict } from "../git/promote.js";
import { reviewPending } from "../store/review.js";
import { listWorkers } from "../store/workers.js";
import { resolveVerdict } from "./verdict.js";

export interface ScriptedArgs {
  /** --implement: the plan as edited (--edit), else the worker's own. */
  plan?: Plan;
  option?: number;
  text?: string;
  yes: boolean;
}

const FLAG_VERB: Record<string, VerdictChoice["verb"]> = {
  accept: "accept",
  reject: "reject",
  dismiss: "dismiss",
  retry: "retry",
  option: "option",
  chat: "chat",
  steer: "steer",
  "reject-stop": "reject_stop",
  "send-review": "send_review",
  implement: "implement",
};

/** The conflicts an accept of `w` would hit now (none: it merges, or it cannot be checked three-way). */
export async function acceptConflicts(
  home: string,
  w: WorkerStatus,
  workers: WorkerStatus[],
): Promise<MergeConflict[]> {
  const { checkPromote, PromoteConflictError } = await import("../git/promote.js");
  try {
    await checkPromote(home, w, workers);
    return [];
  } catch (err) {
    if (err instanceof PromoteConflictError) return err.conflicts;
    throw err;
  }
}

export async function scriptedVerdict(
  home: string,
  ref: string,
  flag: string,
  a: ScriptedArgs,
): Promise<{ label: string; verb: string; message: string }> {
  const { workers } = listWorkers(home);
  const w = resolveRef(ref, workers);
  if (flag === "send-back") {
    if (w.state !== "ready" || !w.changeSet?.files.length)
      throw new DocketError(`${w.label} (${w.state}) has no change set to send back`);
    const conflicts = await acceptConflicts(home, w, workers);
    if (!conflicts.length)
      throw new DocketError(
        `${w.label}'s change set merges into the parent without a conflict; ` +
          `nothing to send back (docket verdict ${w.label} --accept)`,
      );
    const { sendBack } = await import("./combine.js");
    return { label: w.label, verb: "send_back", message: await sendBack(home, w, conflicts) };
  }
  const choices = choicesFor(w, { comments: reviewPending(home, w) });
  const verb = FLAG_VERB[flag]!;
  const choice =
    verb === "option"
      ? choices.find((c) => c.verb === "option" && c.digit === a.option)
      : choices.find((c) => c.verb === verb);
  if (!choice) {
    const offered = choices.map((c) => (c.verb === "option" ? `--option ${c.digit}` : `--${c.verb.replace("_", "-")}`));
    throw new DocketError(
      `${w.label} (${w.state}) does not offer ${verb === "option" ? `option ${a.option ?? "?"}` : `--${flag}`}; ` +
        `offered: ${[...new Set(offered)].join(", ")}`,
    );
  }
  if (choice.needsText && !a.text?.trim())
    throw new DocketError(`--${flag} needs text${flag === "reject" ? " (--text <redirect>)" : ""}`);
  let r: Awaited<ReturnType<typeof resolveVerdict>>;
  try {
    r = await resolveVerdict(home, w, choice, {
      text: a.text,
      others: workers,
      confirmed: a.yes,
      ...(a.plan ? { plan: a.plan } : {}),
    });
  } catch (err) {
    const conflicts = (err as { conflicts?: MergeConflict[] }).conflicts;
    if (!(err instanceof DocketError) || err.name !== "PromoteConflictError" || !conflicts) throw err;
    const { combineHint, conflictPartner } = await import("./combine.js");
    const hint = combineHint(w, conflictPartner(home, w, workers, conflicts));
    throw new DocketError(
      `${err.message}: \`${hint}\` to resolve them in your editor, or ` +
        `\`docket verdict ${w.label} --send-back\` to hand them back to ${w.label}`,
    );
  }
  if (!r.done) throw new DocketError(`${r.confirm.split("\n").join("; ")} (not done: add --yes to confirm)`);
  return { label: w.label, verb: choice.verb, message: r.message };
}
