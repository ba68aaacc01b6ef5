// State and verb names as plain constants, so hot paths (popups, the status line) and the worker
// extension can use them without loading any schema. schema.ts builds its enums from these; the moves
// between states live in lifecycle.ts.
export const WORKER_STATES = [
  "starting",
  "active",
  "idle",
  "needs_input",
  "ready",
  "failed",
  "error",
  "ended",
  "stopped",
] as const;
export type WorkerState = (typeof WORKER_STATES)[number];

/**
 * A state as people read it, the same words in every list, card and popup: the name status.json and
 * `--json` use, with `needs input` spelt as words. A ready worker whose pi has exited reads
 * `ready·gone`: the result stands, the process does not.
 */
export function stateWord(state: WorkerState | "mounted", gone = false): string {
  if (state === "needs_input") return "needs input";
  return state === "ready" && gone ? "ready·gone" : state;
}

/** States in which a pi process is expected to be alive. */
export const RUNNING_STATES: readonly WorkerState[] = ["starting", "active", "idle", "needs_input"];
/** Outcomes: the run is over (a ready worker's pi may still be up; liveness is a separate fact). */
export const TERMINAL_STATES: readonly WorkerState[] = ["ready", "failed", "error", "ended", "stopped"];
/** Ended without a result of its own: counted and ranked with the failures. */
export const FAILURE_STATES: readonly WorkerState[] = ["failed", "error", "ended"];
/** What `respawn` relaunches. */
export const RESPAWNABLE_STATES: readonly WorkerState[] = ["ended", "failed", "error", "stopped"];

export const DECISION_VERBS = [
  "accept",
  "reject",
  "reject_stop",
  "chat",
  "option",
  "steer",
  "retry",
  "dismiss",
  "worker_evicted_unreviewed",
  "combine",
  "send_review",
  "broadcast",
  "implement",
] as const;
