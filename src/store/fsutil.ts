// File primitives shared by the CLI, hooks and the worker extension. Node built-ins only:
// the extension imports this at runtime and must not pull in third-party packages.
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  writeSync,
  appendFileSync,
  chmodSync,
  statSync,
} from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { docketHome } from "../core/env.js";
import { randomHex } from "../core/random.js";

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** Create a store dir (0700). The dir, or the nearest one above it that already existed, is brought
 * to 0700 if it is looser (see tightenDir): `workers/` made 0755 by hand is fixed by the next spawn. */
export function ensureDir(dir: string): void {
  const made = mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  const existed = made === undefined ? dir : dirname(made);
  // Only the store's own dirs: never a parent of DOCKET_HOME (a new ~/x/docket must not chmod ~).
  if (inStore(existed)) tightenDir(existed);
}

function inStore(dir: string): boolean {
  const home = resolve(docketHome());
  const d = resolve(dir);
  return d === home || d.startsWith(home + sep);
}

const tightened = new Set<string>();

/**
 * Bring an existing dir to 0700 when group or others have any bit on it (a DOCKET_HOME made by hand,
 * or by an older docket, with the umask's 0755). At most one stat per dir per process: cheap enough
 * for hot paths. Best effort: a dir we do not own stays as it is.
 */
export function tightenDir(dir: string): void {
  if (tightened.has(dir)) return;
  tightened.add(dir);
  try {
    const st = statSync(dir);
    if (st.isDirectory() && (st.mode & 0o077) !== 0) chmodSync(dir, DIR_MODE);
  } catch {
    /* missing or not ours */
  }
}

export interface WriteOptions {
  /** Create missing parent dirs (default). Off for files inside a worker's record, so a late writer
   *  cannot bring back a deleted worker's dir: it gets ENOENT instead. */
  mkdir?: boolean;
}

/** Write via temp file + rename, so a reader never sees half a file. */
export function writeFileAtomic(file: string, data: string, opts: WriteOptions = {}): void {
  if (opts.mkdir !== false) ensureDir(dirname(file));
  const tmp = `${file}.${process.pid}.${randomHex(4)}.tmp`;
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
