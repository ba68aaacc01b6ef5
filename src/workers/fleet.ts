// Shared fleet helpers: the store-wide spawn lock, the cap check and ids. State moves go through
// ./transition.ts.
import { randomHex } from "../core/random.js";
import { join } from "node:path";
import { DocketError } from "../core/errors.js";
import { WORKER_SESSION } from "../core/env.js";
import { RUNNING_STATES, type Workspace, type WorkerStatus } from "../core/schema.js";
import { ensureDir, nowIso } from "../store/fsutil.js";
import { withLock } from "../store/lock.js";
import { allocateIndex, listWorkers, writeNewStatus } from "../store/workers.js";

export function slugOf(task: string): string {
  const words = task
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean)
    .slice(0, 4);
  let slug = "";
  for (const w of words) {
    const next = slug ? `${slug}-${w}` : w;
    if (next.length > 28) break;
    slug = next;
  }
  return slug || (words[0]?.slice(0, 28) ?? "") || "task";
}

export function newWorkerId(task: string): string {
  return `${slugOf(task)}-${randomHex(2)}`;
}

export function newRunToken(): string {
  return randomHex(8);
}

export function runningCount(workers: WorkerStatus[]): number {
  return workers.filter((w) => RUNNING_STATES.includes(w.state)).length;
}

/** The fleet cap refused a spawn (a DocketError: the person sees its message as is). */
export class FleetFullError extends DocketError {}

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
      throw new FleetFullError(`fleet full: ${running} of ${maxActive} workers running (worker.maxActive)`);
    }
    return reserve(workers);
  });
}

export interface StartingRecord {
  /** The id the spawn was given (the remote end of spawn --host); else a new one from the task. */
  id?: string;
  task: string;
  kind: string;
  project: string;
  workspace: Workspace;
  depth: number;
  originSession?: string;
}

/**
 * A new worker's first record (state `starting`), written inside withFleetSlot's reserve so concurrent
 * spawns see it: the next free label, an id, a run token. `extra` is what this spawn knows besides.
 */
export function writeStartingRecord(
  home: string,
  workers: WorkerStatus[],
  r: StartingRecord,
  extra: Partial<WorkerStatus> = {},
): WorkerStatus {
  const index = allocateIndex(
    home,
    workers.map((w) => w.index),
  );
  const label = `w${index}`;
  const now = nowIso();
  const s: WorkerStatus = {
    version: 1,
    id: r.id ?? newWorkerId(r.task),
    label,
    index,
    kind: r.kind,
    task: r.task,
    state: "starting",
    runToken: newRunToken(),
    project: r.project,
    createdAt: now,
    updatedAt: now,
    startedAt: now,
    workspace: r.workspace,
    tmux: {
      session: WORKER_SESSION,
      windowName: label,
      ...(r.originSession ? { originSession: r.originSession } : {}),
    },
    depth: r.depth,
    todos: [],
    questions: [],
    ...extra,
  };
  writeNewStatus(home, s);
  return s;
}
