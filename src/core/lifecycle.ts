// The worker state machine: the one table of moves between states, what each move writes into the
// record, the shape of the `state` event it logs, and who hears about it. Pure, and free of runtime
// imports beyond states.ts: the CLI, the tmux hooks, the launch wrapper and the worker extension all
// apply these moves through workers/transition.ts, so no writer keeps a state list of its own.
import type { Question, Result, WorkerStatus } from "./schema.js";
import { RESPAWNABLE_STATES, RUNNING_STATES, type WorkerState } from "./states.js";
import { compareText } from "./natural.js";

/** Where a protocol tool call may come from: a live pi, including one told to go on after a result. */
const REPORTING: readonly WorkerState[] = [...RUNNING_STATES, "ready", "failed"];

/**
 * Every move: the states it may start from and the state it leads to. A move whose `from` does not
 * hold the record's state is refused (the writer leaves the record as it is), so a late heartbeat can
 * not revive a stopped worker and a dying pi's report can not overwrite the person's stop.
 */
export const MOVES = {
  /** First heartbeat or agent_start of a run. */
  live: { from: ["starting"], to: "active" },
  /** A run started on an idle worker, or a message was delivered to it. */
  resume: { from: ["idle"], to: "active" },
  /** A message reached a worker that was waiting on a question. */
  answered: { from: ["needs_input"], to: "active" },
  /** A run started on a ready worker (a message reached it): it is revising; its result waits for the new one. */
  revise: { from: ["ready"], to: "active" },
  /** A turn ended without a protocol call. */
  turn_end: { from: ["starting", "active"], to: "idle" },
  /** A revising turn ended without a new result: the last result stands, so it is ready again. */
  rested: { from: ["active"], to: "ready" },
  ask: { from: REPORTING, to: "needs_input" },
  done: { from: REPORTING, to: "ready" },
  fail: { from: REPORTING, to: "failed" },
  /** pi cannot run its model (no key, auth refused, errors until pi gave up, extension never loaded). */
  cannot_run: { from: RUNNING_STATES, to: "failed" },
  /** The pane died with exit 0 / with another code. */
  exit_ok: { from: RUNNING_STATES, to: "ended" },
  exit_fail: { from: RUNNING_STATES, to: "failed" },
  /** The worker session is gone, or the window never came. */
  vanished: { from: RUNNING_STATES, to: "error" },
  /** The person stopped it: not a failure. */
  stop: { from: RUNNING_STATES, to: "stopped" },
  respawn: { from: RESPAWNABLE_STATES, to: "starting" },
} as const satisfies Record<string, { from: readonly WorkerState[]; to: WorkerState }>;

export type Move = keyof typeof MOVES;

export function canMove(state: WorkerState, move: Move): boolean {
  return (MOVES[move].from as readonly WorkerState[]).includes(state);
}

/** The record after `move`, or undefined when the move is not allowed from its state. */
export function moved(s: WorkerStatus, move: Move): WorkerStatus | undefined {
  if (!canMove(s.state, move)) return undefined;
  return { ...s, state: MOVES[move].to };
}

/** States whose arrival a person is told about (display-message, @docket-notify-command). */
export const NOTIFY_STATES: readonly WorkerState[] = ["needs_input", "ready", "failed"];

/** Reasons that only stamp liveness; they never change what the inbox shows by themselves. */
export const QUIET_REASONS: readonly string[] = ["heartbeat", "activity"];

/** The one shape of a `state` event, whichever side made the move. */
export function stateEvent(from: WorkerState | null, to: WorkerState, reason: string): Record<string, unknown> {
  return { from, to, reason };
}

/** The reason of a `state` event; events written before the shapes were unified said `why`. */
export function eventReason(payload: Record<string, unknown>): string | undefined {
  const r = payload.reason ?? payload.why;
  return typeof r === "string" && r ? r : undefined;
}

/** What a notification says about the new state: the question, the summary or the failure. */
export function stateText(s: WorkerStatus): string {
  if (s.state === "needs_input") return openQuestions(s)[0]?.text ?? s.question?.text ?? "";
  if (s.state === "ready") return s.result?.summary ?? "";
  if (s.state === "failed" || s.state === "error") return s.failure?.reason ?? "";
  return "";
}

// ---- what the moves write -------------------------------------------------------------------------

/** A heads-up the person reviewed after it was raised is seen: it goes when the review does. */
function seenHeadsUp(s: WorkerStatus): WorkerStatus {
  if (!s.headsUp || !s.reviewedAt || s.reviewedAt < s.headsUp.at) return s;
  const { headsUp: _h, ...rest } = s;
  return rest as WorkerStatus;
}

/** Fields a protocol call clears: a reviewed worker re-surfaces and its one reminder re-arms. */
function reset(s: WorkerStatus): WorkerStatus {
  const { reviewedAt: _r, remindedAt: _m, ...rest } = seenHeadsUp(s);
  return rest as WorkerStatus;
}

export function ask(s: WorkerStatus, q: Question): WorkerStatus | undefined {
  const next = moved(reset(s), "ask");
  if (!next) return undefined;
  return { ...next, question: q, questions: [...(s.questions ?? []), q] };
}

export function done(s: WorkerStatus, result: Result, changeSet?: WorkerStatus["changeSet"]): WorkerStatus | undefined {
  const next = moved(reset(s), "done");
  if (!next) return undefined;
  return { ...next, result, ...(changeSet ? { changeSet } : {}) };
}

export function fail(
  s: WorkerStatus,
  reason: string,
  at: string,
  move: "fail" | "cannot_run" = "fail",
): WorkerStatus | undefined {
  const next = moved(reset(s), move);
  if (!next) return undefined;
  return { ...next, failure: { reason, at } };
}

/** The pane died. Running → ended/failed; any state gets its exit code and, once, endedAt. */
export function died(s: WorkerStatus, exitCode: number | undefined, at: string, reason: string): WorkerStatus {
  const running = RUNNING_STATES.includes(s.state);
  const next: WorkerStatus = { ...s, endedAt: s.endedAt && !running ? s.endedAt : at };
  if (exitCode !== undefined) next.exitCode = exitCode;
  if (!running) return next;
  if (exitCode === 0) return { ...next, state: "ended" };
  return { ...next, state: "failed", failure: { reason, at } };
}

export function stopped(s: WorkerStatus, at: string): WorkerStatus | undefined {
  const next = moved(s, "stop");
  return next && { ...next, endedAt: at, stoppedAt: at };
}

export function vanished(s: WorkerStatus, reason: string, at: string): WorkerStatus | undefined {
  const next = moved(s, "vanished");
  return next && { ...next, failure: { reason, at }, endedAt: at };
}

/** Relaunch: a fresh run token; the last run's outcome and liveness stamps go. */
export function respawned(s: WorkerStatus, runToken: string, at: string): WorkerStatus | undefined {
  const next = moved(seenHeadsUp(s), "respawn");
  if (!next) return undefined;
  const {
    endedAt: _e,
    exitCode: _x,
    failure: _f,
    reviewedAt: _r,
    extensionPid: _p,
    heartbeatAt: _h,
    stoppedAt: _s,
    ...rest
  } = next;
  return { ...rest, runToken, startedAt: at, respawnedAt: at } as WorkerStatus;
}

/** Liveness stamp; a starting worker (or an idle one whose run started) becomes active. */
export function alive(s: WorkerStatus, pid: number, at: string, running: boolean): WorkerStatus {
  const next: WorkerStatus = { ...s, heartbeatAt: at, extensionPid: pid };
  const to = canMove(s.state, "live")
    ? moved(next, "live")
    : running
      ? (moved(next, "resume") ?? moved(next, "revise"))
      : undefined;
  return to ? { ...to, startedAt: s.startedAt ?? at } : next;
}

// ---- questions ------------------------------------------------------------------------------------

/** Open questions, oldest first. */
export function openQuestions(s: WorkerStatus): Question[] {
  const qs = [...(s.questions ?? [])];
  if (s.question && !qs.some((q) => q.askedAt === s.question!.askedAt)) qs.push(s.question);
  return qs.filter((q) => !q.answeredAt).sort((a, b) => compareText(a.askedAt, b.askedAt));
}

/**
 * When the worker began what it is doing now: its oldest open question, its failure, its result, its
 * stop; for a live worker its start (heartbeats move updatedAt, so an age from it would mean nothing).
 * The one age every list, row and card shows.
 */
export function stateSince(w: WorkerStatus): string {
  const q = openQuestions(w)[0];
  if (q) return q.askedAt;
  if (w.failure) return w.failure.at;
  if (w.state === "ended") return w.endedAt ?? w.updatedAt;
  if (w.state === "stopped") return w.stoppedAt ?? w.endedAt ?? w.updatedAt;
  if (w.result) return w.result.at;
  if (RUNNING_STATES.includes(w.state)) return w.startedAt ?? w.createdAt;
  return w.reviewedAt ?? w.loadedAt ?? w.endedAt ?? w.updatedAt;
}

/** The question a reply answers: `askedAt` when the reply named one, else the oldest open one. */
export function questionFor(s: WorkerStatus, askedAt?: string): Question | undefined {
  const open = openQuestions(s);
  return askedAt ? open.find((q) => q.askedAt === askedAt) : open[0];
}

/**
 * A message reached the worker: it answers one open question (the one it names, else the oldest), and
 * a waiting or idle worker is working again. The worker stays needs_input while questions remain open.
 */
export function messageArrived(s: WorkerStatus, text: string, at: string, askedAt?: string): WorkerStatus | undefined {
  const q = questionFor(s, askedAt);
  let next: WorkerStatus = s;
  if (q) {
    const answer = (x: Question): Question =>
      x.askedAt === q.askedAt && !x.answeredAt ? { ...x, answeredAt: at, answer: text } : x;
    next = {
      ...next,
      questions: (next.questions ?? []).map(answer),
      ...(next.question ? { question: answer(next.question) } : {}),
    };
  }
  const stillOpen = openQuestions(next).length > 0;
  const to =
    next.state === "needs_input" && !stillOpen
      ? moved(next, "answered")
      : canMove(next.state, "resume")
        ? moved(next, "resume")
        : undefined;
  if (!to && !q) return undefined;
  const { remindedAt: _m, ...rest } = to ?? next;
  return rest as WorkerStatus;
}
