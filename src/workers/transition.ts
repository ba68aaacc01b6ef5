// Applying a state move: the one path every writer takes (CLI verbs, tmux hooks, the launch wrapper and
// the worker extension). A locked read-modify-write of status.json, then one `state` event (from, to,
// reason), a view refresh when the inbox would show the change, the fleet summary on the status line,
// and a notification for states that need a person. Node built-ins only: the extension loads it.
import { NOTIFY_STATES, QUIET_REASONS, stateEvent, stateText } from "../core/lifecycle.js";
import type { WorkerStatus } from "../core/schema.js";
import { appendEvent } from "../store/events.js";
import { workerPaths } from "../store/layout.js";
import { updateStatusRecord } from "../store/status-record.js";
import { requestViewRefresh } from "../store/views.js";
import { notifyTransition } from "../tmux/notify.js";
import { publishFleet, readThresholds } from "../tmux/publish.js";

export interface Changed {
  before: WorkerStatus;
  after: WorkerStatus;
}

/** Where side effects report their own trouble; they never fail the move itself. */
export type ProblemLog = (where: string, err: unknown) => void;

const ignore: ProblemLog = () => {};

/**
 * Whether a change shows in an inbox view: heartbeats do not, nor do activity stamps, except on a
 * worker that was silent (its `silent Nm` warning goes away).
 */
export function showsInInbox(before: WorkerStatus, after: WorkerStatus, reason: string, now = Date.now()): boolean {
  if (before.state !== after.state || !QUIET_REASONS.includes(reason)) return true;
  if (reason !== "activity") return false;
  const t =
    before.state === "needs_input"
      ? undefined
      : Date.parse(before.lastActivityAt ?? before.startedAt ?? before.createdAt);
  return t !== undefined && now - t >= readThresholds().silentMinutes * 60_000;
}

/**
 * After a change: event, view refresh, status line, notification. Never throws. A remote worker's
 * events.ndjson is the remote's, byte for byte (its length is the pull's cursor): no event is added here.
 */
export function announceChange(
  home: string,
  before: WorkerStatus | undefined,
  after: WorkerStatus,
  reason: string,
  log: ProblemLog = ignore,
): void {
  const moved = before?.state !== after.state;
  if (moved && !after.host) {
    try {
      appendEvent(workerPaths(home, after.id).events, "state", stateEvent(before?.state ?? null, after.state, reason));
    } catch (err) {
      log("state event", err);
    }
  }
  if (!before || showsInInbox(before, after, reason)) requestViewRefresh(home);
  // Everything but a bare activity stamp publishes; heartbeats too, to keep the status line's age
  // warnings fresh (publish skips repeats).
  if (reason !== "activity" || moved) {
    try {
      publishFleet(home);
    } catch (err) {
      log("publishFleet", err);
    }
  }
  if (!moved || !NOTIFY_STATES.includes(after.state)) return;
  try {
    notifyTransition(home, {
      id: after.id,
      label: after.label,
      task: after.task,
      from: before?.state ?? "",
      to: after.state,
      text: (stateText(after) || reason).split("\n")[0]!.slice(0, 200),
      ...(after.tmux?.originSession ? { originSession: after.tmux.originSession } : {}),
    });
  } catch (err) {
    log("notifyTransition", err);
  }
}

/**
 * Apply `fn` (usually a move from core/lifecycle.ts) to the worker's record and announce the change.
 * Returns undefined when `fn` left the record as it was. Throws when the record is missing or bad.
 */
export function transition(
  home: string,
  id: string,
  reason: string,
  fn: (s: WorkerStatus) => WorkerStatus | undefined,
  log: ProblemLog = ignore,
): Changed | undefined {
  const res = updateStatusRecord(workerPaths(home, id), id, fn);
  if (!res.changed) return undefined;
  announceChange(home, res.before, res.after, reason, log);
  return { before: res.before, after: res.after };
}
