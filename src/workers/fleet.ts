// Shared fleet helpers: the store-wide spawn lock, the cap check, ids, and state-change side effects.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { DocketError } from "../core/errors.js";
import { RUNNING_STATES, type WorkerState, type WorkerStatus } from "../core/schema.js";
import { appendEvent } from "../store/events.js";
import { ensureDir } from "../store/fsutil.js";
import { workerPaths } from "../store/layout.js";
import { withLock } from "../store/lock.js";
import { listWorkers, updateStatus } from "../store/workers.js";
import { publishFleet } from "../tmux/publish.js";
import { notifyTransition } from "../tmux/notify.js";

export function slugOf(task: string): string {
  const words = task.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim().split(" ").filter(Boolean).slice(0, 4);
  let slug = "";
  for (const w of words) {
    const next = slug ? `${slug}-${w}` : w;
    if (next.length > 28) break;
    slug = next;
  }
  return slug || (words[0]?.slice(0, 28) ?? "") || "task";
}

export function newWorkerId(task: string): string {
  return `${slugOf(task)}-${randomBytes(2).toString("hex")}`;
}

export function newRunToken(): string {
  return randomBytes(8).toString("hex");
}

export function runningCount(workers: WorkerStatus[]): number {
  return workers.filter((w) => RUNNING_STATES.includes(w.state)).length;
}

/**
 * Check the fleet cap and reserve a slot atomically: `reserve` runs under the store-wide spawn lock
 * and must persist the new running record before returning, so concurrent spawns see each other.
 */
export function withFleetSlot<T>(home: string, maxActive: number, reserve: (workers: WorkerStatus[]) => T): T {
  ensureDir(home);
  return withLock(join(home, "spawn.lock"), () => {
    const { workers } = listWorkers(home);
    const running = runningCount(workers);
    if (running >= maxActive) {
      throw new DocketError(`fleet full: ${running} of ${maxActive} workers running (worker.maxActive)`);
    }
    return reserve(workers);
  });
}

const NOTIFY_STATES: readonly WorkerState[] = ["needs_input", "ready", "failed"];

/** After a state change: event line, fleet summary, and a notification for attention states. Never throws. */
export function afterTransition(home: string, before: WorkerStatus | undefined, after: WorkerStatus, why: string): void {
  try {
    if (before?.state !== after.state) {
      appendEvent(workerPaths(home, after.id).events, "state", { from: before?.state ?? null, to: after.state, reason: why });
    }
  } catch {
    /* the record may be gone (delete) */
  }
  try {
    publishFleet(home);
  } catch {
    /* must not break the caller */
  }
  if (before?.state !== after.state && NOTIFY_STATES.includes(after.state)) {
    try {
      notifyTransition(home, {
        id: after.id,
        label: after.label,
        task: after.task,
        from: before?.state ?? "",
        to: after.state,
        text: why,
        originSession: after.tmux.originSession,
      });
    } catch {
      /* never fatal */
    }
  }
}

/** updateStatus + afterTransition; returns [before, after]. */
export function transition(
  home: string,
  id: string,
  why: string,
  fn: (s: WorkerStatus) => WorkerStatus | undefined,
): { before: WorkerStatus; after: WorkerStatus } {
  let before: WorkerStatus | undefined;
  const after = updateStatus(home, id, (s) => {
    before = structuredClone(s);
    return fn(s);
  });
  afterTransition(home, before, after, why);
  return { before: before ?? after, after };
}
