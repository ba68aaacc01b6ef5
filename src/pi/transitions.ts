// State changes on status.json made by the extension. Each one is a locked read-modify-write,
// then a `state` event, the fleet summary, and a notification for states that need a person.
import type { WorkerStatus } from "../core/schema.js";
import { appendEvent } from "../store/events.js";
import { publishFleet, readThresholds } from "../tmux/publish.js";
import { notifyTransition } from "../tmux/notify.js";
import { requestViewRefresh } from "../store/views.js";
import { updateStatusFile } from "./status.js";
import { logProblem, type Worker } from "./worker.js";

const NOTIFY_STATES = new Set(["needs_input", "ready", "failed"]);
const QUIET_WHY = new Set(["heartbeat", "activity"]);

export interface Changed {
  before: WorkerStatus;
  after: WorkerStatus;
}

/** Short "why" for notifications: the question, the summary or the failure reason. */
function reasonText(s: WorkerStatus): string {
  if (s.state === "needs_input") return s.question?.text ?? "";
  if (s.state === "ready") return s.result?.summary ?? "";
  if (s.state === "failed") return s.failure?.reason ?? "";
  return "";
}

/**
 * Whether a change shows in an inbox view: heartbeats do not, nor do activity stamps, except on a
 * worker that was silent (its `silent Nm` warning goes away).
 */
function showsInInbox(before: WorkerStatus, after: WorkerStatus, why: string): boolean {
  if (before.state !== after.state || !QUIET_WHY.has(why)) return true;
  if (why !== "activity") return false;
  const t = before.state === "needs_input" ? undefined : Date.parse(before.lastActivityAt ?? before.startedAt ?? before.createdAt);
  return t !== undefined && Date.now() - t >= readThresholds().silentMinutes * 60_000;
}

/** Tell the tmux surface; these must never throw, but a stub swap could, so guard anyway. */
export function announce(w: Worker, before: WorkerStatus, after: WorkerStatus): void {
  try {
    publishFleet(w.home);
  } catch (err) {
    logProblem(w, "publishFleet", err);
  }
  if (before.state === after.state || !NOTIFY_STATES.has(after.state)) return;
  try {
    notifyTransition(w.home, {
      id: after.id,
      label: after.label,
      task: after.task,
      from: before.state,
      to: after.state,
      text: reasonText(after).split("\n")[0]!.slice(0, 200),
      ...(after.tmux?.originSession ? { originSession: after.tmux.originSession } : {}),
    });
  } catch (err) {
    logProblem(w, "notifyTransition", err);
  }
}

/**
 * Apply `fn` to the worker's status. When the state moves, log a `state` event (with `why`)
 * and announce it. Returns undefined when `fn` declined or the record could not be written.
 */
export function transition(w: Worker, why: string, fn: (s: WorkerStatus) => WorkerStatus | undefined): Changed | undefined {
  let res;
  try {
    res = updateStatusFile(w.paths, fn);
  } catch (err) {
    logProblem(w, `transition ${why}`, err);
    return undefined;
  }
  if (!res.changed) return undefined;
  if (showsInInbox(res.before, res.after, why)) requestViewRefresh(w.home);
  if (res.before.state !== res.after.state) {
    try {
      appendEvent(w.paths.events, "state", { from: res.before.state, to: res.after.state, why });
    } catch (err) {
      logProblem(w, "state event", err);
    }
    announce(w, res.before, res.after);
  }
  return { before: res.before, after: res.after };
}

/** A protocol transition re-surfaces a reviewed worker and re-arms the one-time reminder. */
export function protocolReset(s: WorkerStatus): void {
  delete s.reviewedAt;
  delete s.remindedAt;
}
