// status.json read and locked read-modify-write on node built-ins only, so the worker extension and the
// launch wrapper write the record exactly as the CLI does (same checker, same lock, same atomic write).
import { existsSync, readFileSync } from "node:fs";
import { DocketError } from "../core/errors.js";
import { parseJson } from "../core/parse.js";
import { WorkerStatus } from "../core/schema.js";
import { nowIso, writeJsonAtomic } from "./fsutil.js";
import type { WorkerPaths } from "./layout.js";
import { withLockInDir } from "./lock.js";

/** The record in `raw`, checked; a bad one is an error `<file>: <field>: <why>`. The one status.json parser. */
export function checkStatusText(file: string, raw: string): WorkerStatus {
  return parseJson(WorkerStatus, file, raw);
}

export function readStatusRecord(paths: WorkerPaths): WorkerStatus {
  return checkStatusText(paths.status, readFileSync(paths.status, "utf8"));
}

export interface StatusUpdate {
  before: WorkerStatus;
  after: WorkerStatus;
  changed: boolean;
}

/** Locked read-modify-write; `fn` returns the new record, or undefined to leave it as it is. */
export function updateStatusRecord(
  paths: WorkerPaths,
  id: string,
  fn: (s: WorkerStatus) => WorkerStatus | undefined,
): StatusUpdate {
  const gone = () => new DocketError(`unknown worker: ${id}`);
  if (!existsSync(paths.status)) throw gone();
  return withLockInDir(
    paths.lock,
    () => {
      const before = readStatusRecord(paths);
      const next = fn(structuredClone(before));
      if (!next) return { before, after: before, changed: false };
      next.updatedAt = nowIso();
      writeJsonAtomic(paths.status, next);
      return { before, after: next, changed: true };
    },
    gone,
  );
}
