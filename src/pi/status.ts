// status.json access for the extension: no zod at runtime, so the shape is checked by hand.
// Same lock and atomic write as src/store/workers.ts, so the CLI and hooks never lose a field.
import { existsSync, readFileSync } from "node:fs";
import type { WorkerStatus } from "../core/schema.js";
import { withLockInDir } from "../store/lock.js";
import { nowIso, writeJsonAtomic } from "../store/fsutil.js";
import type { WorkerPaths } from "../store/layout.js";

const STATES = new Set(["starting", "active", "idle", "needs_input", "ready", "failed", "error", "ended"]);

/** Manual check of the fields the extension relies on; everything else is carried through untouched. */
export function checkStatus(json: unknown, file: string): WorkerStatus {
  if (!json || typeof json !== "object" || Array.isArray(json)) throw new Error(`${file}: not a JSON object`);
  const s = json as Record<string, unknown>;
  if (typeof s.id !== "string") throw new Error(`${file}: id missing`);
  if (typeof s.state !== "string" || !STATES.has(s.state)) throw new Error(`${file}: bad state`);
  const ws = s.workspace as Record<string, unknown> | undefined;
  if (!ws || typeof ws !== "object" || typeof ws.type !== "string" || typeof ws.path !== "string") {
    throw new Error(`${file}: workspace missing`);
  }
  for (const key of ["todos", "questions"]) {
    if (s[key] !== undefined && !Array.isArray(s[key])) throw new Error(`${file}: ${key} is not a list`);
  }
  if (s.todos === undefined) s.todos = [];
  if (s.questions === undefined) s.questions = [];
  return s as unknown as WorkerStatus;
}

export function readStatusFile(paths: WorkerPaths): WorkerStatus {
  return checkStatus(JSON.parse(readFileSync(paths.status, "utf8")), paths.status);
}

export interface Update {
  before: WorkerStatus;
  after: WorkerStatus;
  changed: boolean;
}

/** Locked read-modify-write; `fn` returns the new record or undefined to leave it as is. */
export function updateStatusFile(paths: WorkerPaths, fn: (s: WorkerStatus) => WorkerStatus | undefined): Update {
  const missing = () => new Error(`${paths.status}: missing`);
  if (!existsSync(paths.status)) throw missing();
  return withLockInDir(paths.lock, () => {
    const before = readStatusFile(paths);
    const next = fn(structuredClone(before));
    if (!next) return { before, after: before, changed: false };
    next.updatedAt = nowIso();
    writeJsonAtomic(paths.status, next);
    return { before, after: next, changed: true };
  }, missing);
}
