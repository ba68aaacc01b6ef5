// File primitives shared by the CLI, hooks and the worker extension. Node built-ins only:
// the extension imports this at runtime and must not pull in third-party packages.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync, appendFileSync, chmodSync } from "node:fs";
import { dirname } from "node:path";
import { randomBytes } from "node:crypto";

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
}

export interface WriteOptions {
  /** Create missing parent dirs (default). Off for files inside a worker's record, so a late writer
   *  cannot bring back a deleted worker's dir: it gets ENOENT instead. */
  mkdir?: boolean;
}

/** Write via temp file + rename, so a reader never sees half a file. */
export function writeFileAtomic(file: string, data: string, opts: WriteOptions = {}): void {
  if (opts.mkdir !== false) ensureDir(dirname(file));
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const fd = openSync(tmp, "w", FILE_MODE);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export function writeJsonAtomic(file: string, value: unknown, opts: WriteOptions = {}): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + "\n", opts);
}

/** Append one line (O_APPEND keeps concurrent short appends whole). */
export function appendLine(file: string, line: string, opts: WriteOptions = {}): void {
  if (opts.mkdir !== false) ensureDir(dirname(file));
  appendFileSync(file, line.endsWith("\n") ? line : line + "\n", { mode: FILE_MODE });
}

export function chmodQuiet(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch {
    /* best effort */
  }
}

/** Whether a process with this pid exists (one of another user's counts). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}
