// Worker records: read, list, and update status.json under the lock.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { randomHex } from "../core/random.js";
import { dirname, join } from "node:path";
import type { WorkerStatus } from "../core/schema.js";
import { DocketError } from "../core/errors.js";
import { withLock, withLockInDir } from "./lock.js";
import { ensureDir, writeJsonAtomic } from "./fsutil.js";
import { checkStatusText, updateStatusRecord } from "./status-record.js";
import { requestViewRefresh } from "./views.js";
import { workerPaths, workersDir } from "./layout.js";

export const parseStatus = checkStatusText;

export function readStatus(home: string, id: string): WorkerStatus {
  const file = workerPaths(home, id).status;
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new DocketError(`unknown worker: ${id}`);
    throw err;
  }
  return parseStatus(file, raw);
}

// The one store-wide reader lives with the raw walk (node built-ins only, so the popups use it as is).
export { listWorkers, type BadRecord } from "./status-files.js";

export function writeNewStatus(home: string, status: WorkerStatus): void {
  const p = workerPaths(home, status.id);
  ensureDir(p.dir);
  writeJsonAtomic(p.status, status);
  requestViewRefresh(home);
}

/** Also what a writer gets when the record is deleted while it waits for the lock. */
const unknownWorker = (id: string) => () => new DocketError(`unknown worker: ${id}`);

/**
 * Locked read-modify-write of fields that are not a state move (tmux refs, reviewedAt, …); moves go
 * through workers/transition.ts. `fn` returns the new status (or undefined to leave it unchanged).
 */
export function updateStatus(
  home: string,
  id: string,
  fn: (s: WorkerStatus) => WorkerStatus | undefined,
): WorkerStatus {
  const res = updateStatusRecord(workerPaths(home, id), id, fn);
  if (res.changed) requestViewRefresh(home);
  return res.after;
}

/**
 * Remove a worker's record dir for good. The dir is first renamed out of the way under the record's
 * lock, so a writer racing the delete (a dying pi's extension, a pane-died hook) either finishes
 * before it or finds no record; none can recreate status.json after it is gone.
 */
export function removeWorkerRecord(home: string, id: string): void {
  const p = workerPaths(home, id);
  if (!existsSync(p.dir)) return;
  // A leading dot never matches ID_PATTERN: readers skip the dir while rmSync works on it.
  const trash = join(dirname(p.dir), `.deleted-${id}-${randomHex(4)}`);
  try {
    withLockInDir(p.lock, () => renameSync(p.dir, trash), unknownWorker(id));
  } catch (err) {
    if (!(err instanceof DocketError)) throw err; // already gone
    return;
  }
  rmSync(trash, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * The highest label index held by any worker dir, parseable or not. A record that does not parse
 * (torn, garbage, wrong shape) still holds its label: the index is read leniently from the raw JSON
 * (`index`, else `label`), by regex when the JSON does not parse, else from task.md's title line
 * (`# Task for wN`). A dir with nothing readable holds no known label; the counter covers it.
 */
export function highestHeldIndex(home: string): number {
  const dir = workersDir(home);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let high = 0;
  for (const name of names) {
    if (name.startsWith(".")) continue; // .deleted-* and temp dirs: labels being given back
    const p = workerPaths(home, name);
    const found = [...indexesIn(readQuiet(p.status)), ...indexesIn(readQuiet(p.task))];
    for (const n of found) if (n > high) high = n;
  }
  return high;
}

function readQuiet(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** Every label index a raw status.json or task.md mentions as the worker's own. */
function indexesIn(raw: string): number[] {
  if (!raw) return [];
  const out: number[] = [];
  const num = (v: unknown) => {
    const n = typeof v === "number" ? v : typeof v === "string" && /^\d{1,9}$/.test(v) ? Number(v) : NaN;
    if (Number.isSafeInteger(n) && n > 0) out.push(n);
  };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    // Torn or garbage: any top-level-looking `"index": N` / `"label": "wN"` still counts.
    for (const m of raw.matchAll(/"index"\s*:\s*"?(\d{1,9})\b/g)) num(m[1]);
    for (const m of raw.matchAll(/"label"\s*:\s*"w(\d{1,9})"/g)) num(m[1]);
  }
  if (json && typeof json === "object") {
    const o = json as Record<string, unknown>;
    num(o.index);
    if (typeof o.label === "string") num(/^w(\d{1,9})$/.exec(o.label)?.[1]);
  }
  for (const m of raw.matchAll(/^# Task for w(\d{1,9})\b/gm)) num(m[1]);
  return out;
}

/**
 * Next global worker index (w1, w2, …), allocated under a store-wide lock. Never one held by a worker
 * dir (see highestHeldIndex) nor one at or below the counter; a garbage counter recovers from the
 * highest label seen.
 */
export function allocateIndex(home: string, existing: number[] = []): number {
  ensureDir(home);
  const counter = join(home, "next-index");
  return withLock(join(home, "index.lock"), () => {
    let next = 1;
    try {
      const raw = readFileSync(counter, "utf8").trim();
      if (/^\d{1,9}$/.test(raw)) next = Math.max(1, Number(raw));
    } catch {
      /* first worker */
    }
    next = Math.max(next, highestHeldIndex(home) + 1, ...existing.map((n) => n + 1));
    writeJsonAtomic(counter, next + 1);
    return next;
  });
}
