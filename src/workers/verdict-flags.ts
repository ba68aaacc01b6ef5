// Non-interactive verdicts (`docket verdict wN --accept` …): same choices, same ledger, no popup.
import { DocketError } from "../core/errors.js";
import { resolveRef } from "../core/refs.js";
import { choicesFor, type VerdictChoice } from "../core/verdict.js";
import { listWorkers } from "../store/workers.js";
import { resolveVerdict } from "./verdict.js";

export interface ScriptedArgs {
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
};

export async function scriptedVerdict(home: string, ref: string, flag: string, a: ScriptedArgs): Promise<{ label: string; verb: string; message: string }> {
  const { workers } = listWorkers(home);
  const w = resolveRef(ref, workers);
  const choices = choicesFor(w);
  const verb = FLAG_VERB[flag]!;
  const choice = verb === "option" ? choices.find((c) => c.verb === "option" && c.digit === a.option) : choices.find((c) => c.verb === verb);
  if (!choice) {
    const offered = choices.map((c) => (c.verb === "option" ? `--option ${c.digit}` : `--${c.verb.replace("_", "-")}`));
    throw new DocketError(`${w.label} (${w.state}) does not offer ${verb === "option" ? `option ${a.option ?? "?"}` : `--${flag}`}; offered: ${[...new Set(offered)].join(", ")}`);
  }
  if (choice.needsText && !a.text?.trim()) throw new DocketError(`--${flag} needs text${flag === "reject" ? " (--text <redirect>)" : ""}`);
  const r = await resolveVerdict(home, w, choice, { text: a.text, others: workers, confirmed: a.yes });
  if (!r.done) throw new DocketError(`${r.confirm.split("\n").join("; ")} (not done: add --yes to confirm)`);
  return { label: w.label, verb: choice.verb, message: r.message };
}
