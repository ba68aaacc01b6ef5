// Verdict verbs offered for a worker, by state. Pure: the verdict popup and the CLI both use it.
// Digits 1–9 map only to a worker's proposed options, never to Reject & stop.
import { openQuestions } from "./lifecycle.js";
import type { WorkerStatus } from "./schema.js";
import { FAILURE_STATES, TERMINAL_STATES } from "./states.js";

export type ChoiceVerb =
  | "option"
  | "accept"
  | "reject"
  | "dismiss"
  | "steer"
  | "chat"
  | "retry"
  | "reject_stop"
  | "send_review"
  | "implement";

export interface VerdictChoice {
  verb: ChoiceVerb;
  label: string;
  hint: string;
  /** Option text (verb "option") or the fixed reply sent for accept on a question. */
  text?: string;
  /** 1-based digit that picks this choice directly (options only). */
  digit?: number;
  recommended?: boolean;
  /** Asks the person for free text before resolving. */
  needsText?: boolean;
  /** Destructive: set apart, warning colour, always confirmed. */
  danger?: boolean;
  /** With a change set, accept promotes it into the parent tree. */
  promotes?: boolean;
  /** Implement: the popup opens the plan in $EDITOR first (an empty file cancels). */
  editsPlan?: boolean;
  /** Sends the worker the note about what moved under it (baseMovedNote), and stamps baseMoved.toldAt. */
  baseNote?: boolean;
}

/** The note a worker gets about its moved base: what moved it, the new HEAD, the paths. */
export function baseMovedNote(s: WorkerStatus): string {
  const b = s.baseMoved!;
  return [
    `Heads-up from docket: files you touch changed in the parent since you started ` +
      `(${b.by}${b.head ? `; parent HEAD is now ${b.head}` : ""}):`,
    ...b.paths.map((p) => `- ${p}`),
    "Your change set may no longer fit them. Look at the parent's current version of these files; if your change " +
      "needs updating, update it and call docket_done again.",
  ].join("\n");
}

/** The choice that tells a worker its base moved, while it has not been told. */
function baseChoice(s: WorkerStatus): VerdictChoice[] {
  if (!s.baseMoved || s.baseMoved.toldAt || s.reviewedAt) return [];
  return [
    {
      verb: "chat",
      label: "Tell it the base moved",
      hint: `${s.baseMoved.paths.length} file${s.baseMoved.paths.length === 1 ? "" : "s"} · ${s.baseMoved.by}`,
      text: baseMovedNote(s),
      baseNote: true,
    },
  ];
}

export const APPROVE_TEXT = "Approved. Proceed.";

const rejectStop: VerdictChoice = {
  verb: "reject_stop",
  label: "Reject & stop",
  hint: "kill worker + remove workspace",
  danger: true,
};

/** Your review comments back to the worker, as one message (the worker revises: change set v+1). */
function sendBack(n: number): VerdictChoice {
  return {
    verb: "send_review",
    label: `Send back (${n} comment${n === 1 ? "" : "s"})`,
    hint: "one message · it revises",
  };
}

/** The question a reply answers now (the oldest open one), if the worker is waiting on one. */
export function openQuestion(s: WorkerStatus): WorkerStatus["question"] {
  return s.state === "needs_input" ? openQuestions(s)[0] : undefined;
}

export interface ChoiceContext {
  /** Unsent review comments on the current change set version (review.json). */
  comments?: number;
}

export function choicesFor(s: WorkerStatus, ctx: ChoiceContext = {}): VerdictChoice[] {
  const q = openQuestion(s);
  if (s.state === "needs_input" && q?.options && q.options.length > 0) {
    const opts: VerdictChoice[] = q.options.slice(0, 9).map((text, i) => ({
      verb: "option",
      label: text,
      hint: text === q.recommend ? "recommended" : "",
      text,
      digit: i + 1,
      recommended: text === q.recommend,
    }));
    return [
      ...opts,
      { verb: "steer", label: "Steer", hint: "something else · stays alive", needsText: true },
      rejectStop,
      { verb: "chat", label: "Chat", hint: "type a reply", needsText: true },
    ];
  }
  if (s.state === "needs_input") {
    return [
      { verb: "accept", label: "Accept", hint: `reply "${APPROVE_TEXT}"`, text: APPROVE_TEXT },
      { verb: "reject", label: "Reject", hint: "redirect · stays alive", needsText: true },
      rejectStop,
      { verb: "chat", label: "Chat", hint: "type a reply", needsText: true },
    ];
  }
  if (s.state === "ready") {
    const cs = s.changeSet && s.changeSet.files.length > 0;
    const plan = s.result?.plan;
    return [
      ...(plan && !s.reviewedAt
        ? [
            {
              verb: "implement" as const,
              label: "Implement",
              hint: `spawn an implementer from its ${plan.steps.length}-step plan · edit it first`,
              editsPlan: true,
            },
          ]
        : []),
      cs
        ? { verb: "accept", label: "Accept", hint: "promote the change set into the parent tree", promotes: true }
        : { verb: "accept", label: "Accept", hint: "mark reviewed" },
      cs
        ? { verb: "reject", label: "Reject", hint: "discard the change set · mark reviewed" }
        : { verb: "dismiss", label: "Dismiss", hint: "mark reviewed" },
      ...baseChoice(s),
      ...(ctx.comments ? [sendBack(ctx.comments)] : []),
      rejectStop,
      { verb: "chat", label: "Request revision", hint: "type what to change", needsText: true },
    ];
  }
  if (FAILURE_STATES.includes(s.state) || s.state === "stopped") {
    // Its pi is not running: a reply could only sit in the inbox, so replying is a retry with a message.
    return [
      { verb: "retry", label: "Retry", hint: "respawn in the same workspace" },
      { verb: "dismiss", label: "Dismiss", hint: "mark reviewed" },
      rejectStop,
      { verb: "retry", label: "Retry with a message", hint: "respawn, then deliver what you type", needsText: true },
    ];
  }
  // Running: nothing to decide yet, but a person may still steer or stop it.
  return [...baseChoice(s), { verb: "chat", label: "Chat", hint: "type a message", needsText: true }, rejectStop];
}

/**
 * What a card asks the person to decide: state, the open question, the result, the failure. A verdict
 * is applied only while this is what the card showed (the worker may have moved on meanwhile).
 */
export function decisionSignature(s: WorkerStatus): string {
  const q = openQuestion(s);
  return [
    s.state,
    s.runToken,
    q?.askedAt ?? "",
    s.result?.at ?? "",
    s.failure?.at ?? "",
    s.changeSet?.frozenAt ?? "",
    s.reviewedAt ?? "",
  ].join("|");
}

/** One line on how a worker moved on since a card was drawn, or undefined when it did not. */
export function movedOn(drawn: WorkerStatus, now: WorkerStatus | undefined): string | undefined {
  if (!now) return `${drawn.label} is gone since this card was drawn; nothing was sent`;
  if (decisionSignature(now) === decisionSignature(drawn)) return undefined;
  const q = openQuestion(now);
  const what =
    q && q.askedAt !== openQuestion(drawn)?.askedAt
      ? `it asks now: ${q.text.split("\n")[0]!.slice(0, 60)}`
      : openQuestion(drawn) && !q
        ? "its question was answered elsewhere"
        : `it is ${now.state} now`;
  return `${drawn.label} moved on since this card was drawn (${what}); nothing was sent. This is its card now`;
}

/** The choice a digit picks, or undefined (digits never reach non-option verbs). */
export function choiceForDigit(choices: VerdictChoice[], digit: number): VerdictChoice | undefined {
  return choices.find((c) => c.verb === "option" && c.digit === digit);
}

/** Cursor start: the recommended option, else the first choice. */
export function preselected(choices: VerdictChoice[]): number {
  const i = choices.findIndex((c) => c.recommended);
  return Math.max(i, 0);
}

/** Whether resolving with this verb on this state stamps reviewedAt (dims the worker). */
export function stampsReviewed(verb: ChoiceVerb, state: WorkerStatus["state"]): boolean {
  const terminal = TERMINAL_STATES.includes(state);
  return terminal && (verb === "accept" || verb === "reject" || verb === "dismiss" || verb === "implement");
}
