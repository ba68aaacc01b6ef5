// artifacts.json: evidence captured from the worker (commands, errors, edits, answers, questions,
// summaries). Ids are a type prefix plus a per-type sequence that never reuses a number.
import { existsSync, readFileSync } from "node:fs";
import { ARTIFACT_PREFIX, type ArtifactType } from "../core/artifact-prefix.js";
import type { Artifact } from "../core/schema.js";
import { appendEvent } from "../store/events.js";
import { nowIso, writeJsonAtomic } from "../store/fsutil.js";
import { withLock } from "../store/lock.js";
import { requestViewRefresh } from "../store/views.js";
import type { Worker } from "./worker.js";

export type { ArtifactType };
export const PREFIX = ARTIFACT_PREFIX;

/** Bounds: one artifact's text, its title, and how many items the file keeps (oldest dropped). */
export const MAX_TEXT = 8000;
export const MAX_TITLE = 160;
export const MAX_ITEMS = 400;

interface ArtifactFile {
  items: Artifact[];
  seq: Record<string, number>;
}

export interface NewArtifact {
  type: ArtifactType;
  title: string;
  text: string;
  exitCode?: number;
  path?: string;
}

/** Keep the end of long output (where errors are), marking the cut. */
export function tail(text: string, max = MAX_TEXT): string {
  if (text.length <= max) return text;
  return `[… ${text.length - max} characters cut]\n` + text.slice(text.length - max);
}

export function oneLine(text: string, max = MAX_TITLE): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= max ? line : line.slice(0, max - 1) + "…";
}

function readArtifacts(file: string): ArtifactFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return { items: [], seq: {} }; // missing or torn: start over rather than stop capturing
  }
  const o = (json && typeof json === "object" ? json : {}) as Record<string, unknown>;
  const items = Array.isArray(o.items)
    ? (o.items.filter((x) => x && typeof x === "object" && typeof (x as Artifact).id === "string") as Artifact[])
    : [];
  const seq: Record<string, number> = {};
  if (o.seq && typeof o.seq === "object") {
    for (const [k, v] of Object.entries(o.seq as Record<string, unknown>)) if (typeof v === "number") seq[k] = v;
  }
  // Never hand out an id that is already in the file, whatever the stored counters say.
  for (const it of items) {
    const m = /^([a-z])(\d+)$/.exec(it.id);
    if (m) seq[m[1]!] = Math.max(seq[m[1]!] ?? 0, Number(m[2]));
  }
  return { items, seq };
}

/** Append one artifact; returns its id (c1, e2, …). */
export function addArtifact(w: Worker, a: NewArtifact): string | undefined {
  if (!existsSync(w.paths.status)) return undefined; // record deleted: never recreate its directory
  const file = w.paths.artifacts;
  const id = withLock(file + ".lock", () => {
    const data = readArtifacts(file);
    const prefix = PREFIX[a.type];
    const n = (data.seq[prefix] ?? 0) + 1;
    data.seq[prefix] = n;
    const item: Artifact = {
      id: `${prefix}${n}`,
      type: a.type,
      at: nowIso(),
      title: oneLine(a.title),
      text: tail(a.text),
      ...(a.exitCode !== undefined ? { exitCode: a.exitCode } : {}),
      ...(a.path ? { path: a.path } : {}),
    };
    data.items.push(item);
    if (data.items.length > MAX_ITEMS) data.items.splice(0, data.items.length - MAX_ITEMS);
    writeJsonAtomic(file, data);
    return item.id;
  });
  appendEvent(w.paths.events, "artifact", { id, type: a.type, title: oneLine(a.title, 80) });
  // Failures are inbox items and edits feed the overlap radar; a passing command shows nowhere.
  if (
    id &&
    (a.type === "error" || a.type === "edit" || (a.type === "command" && a.exitCode !== undefined && a.exitCode !== 0))
  )
    requestViewRefresh(w.home);
  return id;
}
