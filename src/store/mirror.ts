// The files of a worker record that a remote worker's local mirror holds (docs/remote.md "What travels"),
// and the bookkeeping both ends agree on: a file travels when its fingerprint (size and mtime, as the
// remote sees it) differs from the one the mirror last took; events.ndjson travels by byte offset, and
// the offset is the mirror's own length, so a line is never fetched twice nor skipped after a drop.
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { ok } from "../core/check.js";
import { MirrorState } from "../core/schema.js";
import { writeJsonAtomic } from "./fsutil.js";

/** Files mirrored whole. review.json is not: the person's comments are written on the local side. */
export const MIRROR_FILES = ["status.json", "artifacts.json", "task.md", "changeset.patch", "pane-tail.txt"];
const VERSIONED_PATCH = /^changeset\.v\d{1,6}\.patch$/;
const INBOX_FILE = /^[A-Za-z0-9._-]{1,80}\.json$/;

/** Whether `name` (relative to the worker dir) is one the mirror takes: nothing else is ever written. */
export function isMirrored(name: string): boolean {
  if (MIRROR_FILES.includes(name) || VERSIONED_PATCH.test(name)) return true;
  const m = /^inbox\/(.+)$/.exec(name);
  return !!m && INBOX_FILE.test(m[1]!);
}

/** Every mirrored file present in a worker dir, by relative name. */
export function mirroredNames(dir: string): string[] {
  const out: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) if (MIRROR_FILES.includes(n) || VERSIONED_PATCH.test(n)) out.push(n);
  try {
    for (const n of readdirSync(join(dir, "inbox"))) if (INBOX_FILE.test(n)) out.push(`inbox/${n}`);
  } catch {
    /* no inbox yet */
  }
  return out;
}

export function fingerprint(file: string): string | undefined {
  try {
    const st = statSync(file);
    return `${st.size}:${Math.trunc(st.mtimeMs)}`;
  } catch {
    return undefined;
  }
}

export function mirrorStatePath(dir: string): string {
  return join(dir, "remote.json");
}

export function readMirrorState(dir: string): MirrorState | undefined {
  try {
    return ok(MirrorState, JSON.parse(readFileSync(mirrorStatePath(dir), "utf8")));
  } catch {
    return undefined;
  }
}

export function writeMirrorState(dir: string, s: MirrorState): void {
  writeJsonAtomic(mirrorStatePath(dir), s, { mkdir: false });
}

/**
 * The mirror's events cursor: its events.ndjson length, after cutting a torn last line (a write
 * interrupted mid-line) so that line is fetched again whole.
 */
export function eventsCursor(file: string): number {
  if (!existsSync(file)) return 0;
  const size = statSync(file).size;
  if (size === 0) return 0;
  const fd = openSync(file, "r");
  try {
    const tail = Buffer.alloc(Math.min(size, 64 * 1024));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    if (tail[tail.length - 1] === 0x0a) return size;
    const nl = tail.lastIndexOf(0x0a);
    const keep = nl < 0 ? size - tail.length : size - tail.length + nl + 1;
    truncateSync(file, keep);
    return keep;
  } finally {
    closeSync(fd);
  }
}

/** Bytes [from, end of the last whole line) of a file, for the remote side of a pull. */
export function wholeLinesFrom(file: string, from: number): { text: string; reset: boolean } | undefined {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return undefined;
  }
  // Smaller than the mirror: the file was rotated (events.ndjson → .1); start the new one from 0.
  const reset = size < from;
  const start = reset ? 0 : from;
  if (size === start) return reset ? { text: "", reset } : undefined;
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(size - start);
    const n = readSync(fd, buf, 0, buf.length, start);
    const nl = buf.lastIndexOf(0x0a, n - 1);
    if (nl < 0) return reset ? { text: "", reset } : undefined;
    return { text: buf.subarray(0, nl + 1).toString("utf8"), reset };
  } finally {
    closeSync(fd);
  }
}
