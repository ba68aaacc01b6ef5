// The extension's entry to the one transition path (workers/transition.ts): same moves, same event
// shape, same notifications as the CLI; a failure is logged into the worker's events, never thrown into pi.
import type { WorkerStatus } from "../core/schema.js";
import { readStatusRecord } from "../store/status-record.js";
import { transition as apply, type Changed } from "../workers/transition.js";
import { logProblem, type Worker } from "./worker.js";

export type { Changed };

/** Apply `fn` to the worker's record; undefined when it declined or the record could not be written. */
export function transition(
  w: Worker,
  reason: string,
  fn: (s: WorkerStatus) => WorkerStatus | undefined,
): Changed | undefined {
  try {
    return apply(w.home, w.id, reason, fn, (where, err) => logProblem(w, where, err));
  } catch (err) {
    logProblem(w, `transition ${reason}`, err);
    return undefined;
  }
}

/** The worker's current record, or undefined (logged) when it cannot be read. */
export function currentStatus(w: Worker): WorkerStatus | undefined {
  try {
    return readStatusRecord(w.paths);
  } catch (err) {
    logProblem(w, "read status", err);
    return undefined;
  }
}
