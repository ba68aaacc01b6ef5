// State and verb names as plain constants, free of zod, so hot paths (popups, the status line) can use
// them without loading the schema library. schema.ts builds its zod enums from these.
export const WORKER_STATES = ["starting", "active", "idle", "needs_input", "ready", "failed", "error", "ended"] as const;
export type WorkerState = (typeof WORKER_STATES)[number];

/** States in which a pi process is expected to be alive. */
export const RUNNING_STATES: readonly WorkerState[] = ["starting", "active", "idle", "needs_input"];
export const TERMINAL_STATES: readonly WorkerState[] = ["ready", "failed", "error", "ended"];

export const DECISION_VERBS = ["accept", "reject", "reject_stop", "chat", "option", "steer", "retry", "dismiss", "worker_evicted_unreviewed"] as const;
