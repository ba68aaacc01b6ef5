// Resolve one verdict: act (reply, promote, respawn, stop), then append the decision to the ledger
// and stamp reviewedAt where the verb calls for it. Shared by the verdict popup and the CLI flags.
import { DocketError } from "../core/errors.js";
import type { Decision, Plan, WorkerStatus } from "../core/schema.js";
import { stampsReviewed, openQuestion, type VerdictChoice } from "../core/verdict.js";
import { nowIso } from "../store/fsutil.js";
import { appendDecision } from "../store/ledger.js";
import { updateStatus } from "../store/workers.js";
import type { PromoteConflict } from "../git/promote.js";
import type { TellOptions } from "./tell.js";

export interface ResolveOptions {
  /** Free text for steer / chat / reject-redirect. */
  text?: string;
  /** Set when the person confirmed (Reject & stop; promote over conflicts). */
  confirmed?: boolean;
  /** Other workers, for the promote overlap check. */
  others?: WorkerStatus[];
  /** Evidence refs shown on the card, recorded in the ledger. */
  evidence?: string[];
  /** Implement: the plan as the person edited it (else the worker's own). */
  plan?: Plan;
}

export type ResolveOutcome =
  | { done: true; message: string }
  | { done: false; confirm: string; conflicts?: PromoteConflict[] };

function record(
  home: string,
  w: WorkerStatus,
  verb: Decision["verb"],
  extra: Partial<Decision>,
  evidence: string[],
): void {
  const q = openQuestion(w);
  appendDecision(home, {
    ts: nowIso(),
    verb,
    worker: w.id,
    label: w.label,
    task: w.task.split("\n")[0]!.slice(0, 200),
    state: w.state,
    risk: q?.risk,
    evidence,
    ...(w.usage ? { cost: w.usage.cost } : {}),
    ...extra,
  });
}

async function tell(home: string, w: WorkerStatus, text: string, opts: TellOptions = {}): Promise<void> {
  const { tellWorker } = await import("./tell.js");
  await tellWorker(home, w, text, opts);
}

export async function resolveVerdict(
  home: string,
  w: WorkerStatus,
  choice: VerdictChoice,
  opts: ResolveOptions = {},
): Promise<ResolveOutcome> {
  const evidence = opts.evidence ?? (w.changeSet ? [`${w.label}.changeset`] : []);
  const text = opts.text?.trim();
  if (choice.needsText && !text) throw new DocketError(`${choice.label} needs text`);
  let message: string;
  switch (choice.verb) {
    case "option":
    case "steer":
    case "chat": {
      const reply = choice.verb === "option" ? choice.text! : (text ?? choice.text)!;
      // A note about a moved base waits in the inbox for a worker whose pi has exited (ready·gone).
      await tell(home, w, reply, choice.baseNote ? { queue: true } : {});
      if (choice.baseNote)
        updateStatus(home, w.id, (s) =>
          s.baseMoved ? { ...s, baseMoved: { ...s.baseMoved, toldAt: nowIso() } } : undefined,
        );
      record(home, w, choice.verb, choice.verb === "option" ? { option: choice.text } : { text: reply }, evidence);
      message = `${w.label}: sent ${choice.verb === "option" ? `option "${reply}"` : "reply"}`;
      break;
    }
    case "accept": {
      if (w.state === "needs_input") {
        await tell(home, w, choice.text!);
        record(home, w, "accept", { text: choice.text }, evidence);
        message = `${w.label}: approved`;
        break;
      }
      if (choice.promotes) {
        const { promote } = await import("../git/promote.js");
        const r = await promote(home, w, opts.others ?? [], !!opts.confirmed);
        if (!r.applied) {
          const lines = r.check.conflicts.map((c) => `  ${c.path}: ${c.why}`).join("\n");
          return { done: false, confirm: `Promote ${w.label} anyway?\n${lines}`, conflicts: r.check.conflicts };
        }
        message =
          `${w.label}: change set applied to ${r.check.dir} ` +
          `(${r.check.files.length} file${r.check.files.length === 1 ? "" : "s"}, unstaged)`;
        // What docket wrote, so a later accept tells it from the person's own edits.
        if (r.written) updateStatus(home, w.id, (s) => ({ ...s, promoted: { at: nowIso(), hashes: r.written! } }));
        // Its files moved under every other worker touching them; grade what is left (detached).
        const { markAccepted } = await import("./grading.js");
        const moved = markAccepted(home, w, r.check.files);
        if (moved.length) message += `; base moved for ${moved.map((m) => m.label).join(", ")}`;
        if (w.workspace.repoRoot) (await import("../store/grades.js")).requestGrading(home, w.workspace.repoRoot);
      } else message = `${w.label}: accepted`;
      record(home, w, "accept", {}, evidence);
      break;
    }
    case "reject": {
      if (w.state === "needs_input") {
        await tell(home, w, text!);
        record(home, w, "reject", { text }, evidence);
        message = `${w.label}: redirected`;
      } else {
        record(home, w, "reject", {}, evidence);
        message = `${w.label}: rejected`;
      }
      break;
    }
    case "dismiss":
      record(home, w, "dismiss", {}, evidence);
      message = `${w.label}: dismissed`;
      break;
    case "retry":
      // The message waits in the inbox; the respawned worker's extension delivers it.
      if (text) await tell(home, w, text, { queue: true });
      await (await import("./respawn.js")).respawnWorker(home, w);
      record(home, w, "retry", text ? { text } : {}, evidence);
      message = `${w.label}: respawned${text ? "; your message goes to it once pi is up" : ""}`;
      break;
    case "send_review": {
      // Review comments (review.json) are their own verb, kept apart from accept/reject.
      const r = await (await import("./review.js")).sendReview(home, w);
      record(
        home,
        w,
        "send_review",
        { text: `${r.count} review comment${r.count === 1 ? "" : "s"} on v${r.version}` },
        evidence,
      );
      message = `${w.label}: sent back ${r.count} comment${r.count === 1 ? "" : "s"} on v${r.version}`;
      break;
    }
    case "implement": {
      const plan = opts.plan ?? w.result?.plan;
      if (!plan?.steps.length) throw new DocketError(`${w.label} has no plan to implement`);
      const [{ implementTask }, { spawnWorker }] = await Promise.all([import("../core/plan.js"), import("./spawn.js")]);
      const spawned = await spawnWorker({
        task: implementTask(plan, w),
        kind: "implementer",
        cwd: w.workspace.parentDir,
        plan,
        planFrom: w.label,
        env: { ...process.env, DOCKET_HOME: home },
      });
      record(
        home,
        w,
        "implement",
        {
          text:
            `${spawned.label} implements ` +
            `${plan.steps.length} step${plan.steps.length === 1 ? "" : "s"}${opts.plan ? " (edited)" : ""}`,
          with: spawned.label,
          withWorker: spawned.id,
        },
        evidence,
      );
      message =
        `${w.label}: plan handed to ${spawned.label} (implementer, ` +
        `${plan.steps.length} step${plan.steps.length === 1 ? "" : "s"})`;
      break;
    }
    case "reject_stop":
      if (!opts.confirmed)
        return { done: false, confirm: `Reject & stop ${w.label}: kill the worker and remove its workspace?` };
      record(home, w, "reject_stop", {}, evidence);
      await (await import("./stop.js")).deleteWorker(home, w);
      message = `${w.label}: stopped and removed`;
      break;
  }
  if (stampsReviewed(choice.verb, w.state)) {
    const at = nowIso();
    updateStatus(home, w.id, (s) => ({ ...s, reviewedAt: at }));
  }
  return { done: true, message };
}
