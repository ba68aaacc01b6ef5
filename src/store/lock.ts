// A small cross-process lock: an O_EXCL lock file, retried, broken when stale.
// Sync on purpose: the critical section is one read-modify-write of a small JSON file.
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";

const STALE_MS = 10_000;
const TIMEOUT_MS = 15_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleepMs(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** One attempt: the lock's fd, or undefined when it is held (after breaking it if its holder is gone). */
function tryAcquire(lockFile: string, deadline: number): number | undefined {
  try {
    const fd = openSync(lockFile, "wx", 0o600);
    writeSync(fd, String(process.pid));
    return fd;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    breakIfStale(lockFile);
    if (Date.now() > deadline) throw new Error(`lock ${lockFile}: timed out`);
    return undefined;
  }
}

function release(lockFile: string, fd: number): void {
  closeSync(fd);
  rmSync(lockFile, { force: true });
}

export function withLock<T>(lockFile: string, fn: () => T): T {
  const deadline = Date.now() + TIMEOUT_MS;
  let fd: number | undefined;
  // biome-ignore lint/suspicious/noAssignInExpressions: retry until the lock is taken; fd is the loop's result
  for (let attempt = 0; (fd = tryAcquire(lockFile, deadline)) === undefined; attempt++)
    sleepMs(Math.min(2 + attempt, 25));
  try {
    return fn();
  } finally {
    release(lockFile, fd);
  }
}

/** withLock on a lock file inside a dir that may be removed meanwhile (a deleted worker's record):
 *  then `gone()` is thrown rather than a raw ENOENT. */
export function withLockInDir<T>(lockFile: string, fn: () => T, gone: () => Error): T {
  try {
    return withLock(lockFile, fn);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw gone();
    throw err;
  }
}

/** withLock for async work (e.g. a git command), sleeping without blocking the event loop. */
export async function withLockAsync<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  let fd: number | undefined;
  // biome-ignore lint/suspicious/noAssignInExpressions: retry until the lock is taken; fd is the loop's result
  for (let attempt = 0; (fd = tryAcquire(lockFile, deadline)) === undefined; attempt++) {
    await new Promise((r) => setTimeout(r, Math.min(5 + attempt * 5, 50)));
  }
  try {
    return await fn();
  } finally {
    release(lockFile, fd);
  }
}

/** A lock is stale when its holder is dead (a worker's pi killed with -9 mid-write) or it is old. */
function breakIfStale(lockFile: string): void {
  try {
    const owner = readFileSync(lockFile, "utf8");
    const pid = parseInt(owner, 10);
    if ((pid > 0 && !alive(pid)) || Date.now() - statSync(lockFile).mtimeMs > STALE_MS) {
      // Re-check the owner right before removing, so a lock just taken by someone else survives.
      if (readFileSync(lockFile, "utf8") === owner) rmSync(lockFile, { force: true });
    }
  } catch {
    /* vanished between calls: retry */
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Take a lock without waiting, for work whose running holder covers the caller's need (prune, view
 * refresh): its release, or undefined while another process holds it. A lock older than `staleMs`
 * (a holder that died mid-work) is broken first.
 */
export function tryLockOnce(lockFile: string, staleMs: number): (() => void) | undefined {
  try {
    if (Date.now() - statSync(lockFile).mtimeMs > staleMs) rmSync(lockFile, { force: true });
  } catch {
    /* no lock */
  }
  try {
    closeSync(openSync(lockFile, "wx", 0o600));
  } catch {
    return undefined;
  }
  return () => rmSync(lockFile, { force: true });
}
