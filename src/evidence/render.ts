// The two paste forms of an artifact. Pure.
import type { Artifact } from "../core/schema.js";

export interface Renderable {
  ref: string;
  location: string;
  artifact: Artifact & { origin?: string };
}

function oneLine(s: string, max: number): string {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > max ? t.slice(0, max - 1) + "…" : t;
}

/** `[docket w3.e1] Command failed: npm test (exit 1) — see ~/.pi/agent/docket/workers/<id>/artifacts.json#e1` */
export function compactRef(r: Renderable): string {
  const a = r.artifact;
  const exit = a.exitCode !== undefined && !/\(exit -?\d+\)/.test(a.title) ? ` (exit ${a.exitCode})` : "";
  const path = a.path && !a.title.includes(a.path) ? ` ${a.path}` : "";
  return `[docket ${r.ref}] ${oneLine(a.title, 120)}${exit}${path} — see ${r.location}`;
}

/**
 * Full text: a header line naming the ref, then the item's text as recorded. No trailing newline (a paste must not
 * submit).
 */
export function fullText(r: Renderable): string {
  const a = r.artifact;
  const meta = [
    a.type,
    a.path,
    a.exitCode !== undefined ? `exit ${a.exitCode}` : undefined,
    a.origin ? `from ${a.origin}` : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
  return `[docket ${r.ref}] ${oneLine(a.title, 160)} (${meta})\n${a.text.replace(/\s+$/, "")}`;
}
