// events.ndjson: append-only worker event log, rotated at 5 MB. Node built-ins only (used by the extension).
import { existsSync, readFileSync, renameSync, statSync } from "node:fs";
import { appendLine, nowIso } from "./fsutil.js";

export type EventKind = "state" | "todo" | "tool" | "artifact" | "message" | "note";
export const EVENTS_ROTATE_BYTES = 5 * 1024 * 1024;

export function appendEvent(file: string, kind: EventKind, payload: Record<string, unknown>): void {
  try {
    if (statSync(file).size > EVENTS_ROTATE_BYTES) renameSync(file, file + ".1");
  } catch {
    /* no file yet */
  }
  try {
    appendLine(file, JSON.stringify({ ts: nowIso(), kind, payload }), { mkdir: false });
  } catch (err) {
    // The worker's record dir is gone (deleted while this process was still reporting): nothing to log to.
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}

export interface RawEvent {
  ts: string;
  kind: EventKind;
  payload: Record<string, unknown>;
}

/** Read events; malformed lines (a torn write, a hand edit) are skipped and counted. */
export function readEvents(file: string): { events: RawEvent[]; badLines: number } {
  const events: RawEvent[] = [];
  let badLines = 0;
  if (!existsSync(file)) return { events, badLines };
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as RawEvent;
      if (typeof e?.ts === "string" && typeof e?.kind === "string") events.push(e);
      else badLines++;
    } catch {
      badLines++;
    }
  }
  return { events, badLines };
}
