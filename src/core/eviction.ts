// When a worker leaves the inbox/status counts (hide) and when it is pruned from the store. Pure.
// Failed (and errored) workers nobody reviewed are never pruned: a failure must be seen.
import type { WorkerStatus } from "./schema.js";
import { RUNNING_STATES } from "./states.js";

export interface EvictionConfig {
  worker: { dockIdleHideMinutes: number; pruneAfterHours: number };
}

function t(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const v = Date.parse(iso);
  return Number.isFinite(v) ? v : undefined;
}

/** The status fields eviction reads (a WorkerStatus satisfies this; so does the status line's lighter parse). */
export interface RestingWorker {
  state: string;
  reviewedAt?: string;
  endedAt?: string;
  updatedAt?: string;
  result?: { at?: string };
  failure?: { at?: string };
}

/** Since when the worker has been at rest (reviewed, or in a terminal state); undefined while it works. */
export function restingSince(w: RestingWorker): number | undefined {
  if (w.reviewedAt) return t(w.reviewedAt);
  if ((RUNNING_STATES as readonly string[]).includes(w.state)) return undefined;
  return t(w.endedAt) ?? t(w.result?.at) ?? t(w.failure?.at) ?? t(w.updatedAt);
}

/**
 * Reviewed or ended (exit 0, no result) workers drop out of the inbox and status counts after
 * dockIdleHideMinutes. The one predicate for both: ui/data.ts (inbox) and core/summary.ts (status line).
 */
export function isHidden(w: RestingWorker, now: number, cfg: { worker: { dockIdleHideMinutes: number } }): boolean {
  if (!w.reviewedAt && w.state !== "ended" && w.state !== "stopped") return false;
  const since = restingSince(w);
  return since !== undefined && now - since >= cfg.worker.dockIdleHideMinutes * 60_000;
}

/** When a shown worker will hide (after `now`), if it will. */
export function hidesAt(
  w: RestingWorker,
  now: number,
  cfg: { worker: { dockIdleHideMinutes: number } },
): number | undefined {
  if (!w.reviewedAt && w.state !== "ended" && w.state !== "stopped") return undefined;
  const since = restingSince(w);
  const at = since === undefined ? undefined : since + cfg.worker.dockIdleHideMinutes * 60_000;
  return at !== undefined && at > now ? at : undefined;
}

/**
 * Settled: reviewed, or loaded (`docket load wN`) while at rest. Still listed, but no longer unresolved:
 * the inbox ranks it below pending decisions and the status line does not count it.
 */
export function isSettled(w: { state: string; reviewedAt?: string; loadedAt?: string }): boolean {
  if (w.reviewedAt) return true;
  return !!w.loadedAt && !(RUNNING_STATES as readonly string[]).includes(w.state);
}

export type PruneVerdict = "keep" | "prune" | "prune_debt";

/**
 * keep: still working, too young, or a failure nobody reviewed.
 * prune: at rest past pruneAfterHours with a verdict on record.
 * prune_debt: the same, but nobody ever gave a verdict (the ledger gets a worker_evicted_unreviewed row).
 */
export function pruneVerdict(w: WorkerStatus, now: number, cfg: EvictionConfig, hasVerdict: boolean): PruneVerdict {
  const since = restingSince(w);
  if (since === undefined) return "keep";
  if (RUNNING_STATES.includes(w.state)) return "keep"; // reviewed earlier but working again
  const reviewed = !!w.reviewedAt || hasVerdict;
  if ((w.state === "failed" || w.state === "error") && !reviewed) return "keep";
  if (now - since < cfg.worker.pruneAfterHours * 3_600_000) return "keep";
  return reviewed ? "prune" : "prune_debt";
}
