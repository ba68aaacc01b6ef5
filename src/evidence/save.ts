// `docket save`: choose evidence (a worker's, or every worker's), freeze it into a bundle.
import type { Artifact } from "../core/schema.js";
import { DocketError } from "../core/errors.js";
import { resolveRef } from "../core/refs.js";
import { workerEvidence } from "../store/artifacts.js";
import { createBundle, type Bundle } from "../store/bundles.js";
import { listWorkers } from "../store/workers.js";
import { resolveArtifact } from "./resolve.js";
import { compareText } from "../core/natural.js";

export interface Candidate {
  ref: string;
  source: string;
  artifact: Artifact & { origin?: string };
}

/** Evidence to choose from: one worker's (`--from`), else every worker's, newest first. */
export function saveCandidates(home: string, from?: string): Candidate[] {
  const all = listWorkers(home).workers;
  const workers = from ? [resolveRef(from, all)] : all;
  const out: Candidate[] = [];
  for (const w of workers)
    for (const a of workerEvidence(home, w)) out.push({ ref: `${w.label}.${a.id}`, source: w.label, artifact: a });
  return out.sort((a, b) => compareText(b.artifact.at, a.artifact.at) || compareText(a.ref, b.ref));
}

/** `--items w1.c1,b2.e1`: each ref resolved strictly; duplicates dropped, order kept. */
export function candidatesFromRefs(home: string, refs: string[]): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const raw of refs) {
    const r = resolveArtifact(home, raw);
    if (seen.has(r.ref)) continue;
    seen.add(r.ref);
    out.push({ ref: r.ref, source: r.source, artifact: r.artifact });
  }
  return out;
}

export function defaultTitle(note: string | undefined, chosen: Candidate[]): string {
  if (note?.trim()) return note.trim().split("\n")[0]!;
  const sources = [...new Set(chosen.map((c) => c.source))];
  return `evidence from ${sources.join(", ")}`;
}

export function saveBundle(home: string, chosen: Candidate[], header: { title: string; note?: string }): Bundle {
  if (!chosen.length) throw new DocketError("nothing to save: no evidence selected");
  return createBundle(home, {
    title: header.title,
    note: header.note,
    // A bundle item re-saved from another bundle keeps its first origin.
    sources: chosen.map((c) => (c.artifact.origin ?? c.ref).split(".")[0]!),
    items: chosen.map((c) => ({ ...c.artifact, origin: c.artifact.origin ?? c.ref })),
  });
}
