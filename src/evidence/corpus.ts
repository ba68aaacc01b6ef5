// Everything searchable: every worker's evidence and every saved bundle's items, as SearchDocs.
import type { SearchDoc } from "../core/search.js";
import type { Artifact, WorkerStatus } from "../core/schema.js";
import { workerEvidence } from "../store/artifacts.js";
import { listBundles } from "../store/bundles.js";
import { listWorkers } from "../store/workers.js";

export interface CorpusOptions {
  /** Only these types (answers: summary + answer). */
  types?: string[];
  workers?: WorkerStatus[];
  bundles?: boolean;
}

/** One piece of evidence as found in the store: its outside ref and the item itself. */
export interface EvidenceItem {
  ref: string;
  source: string;
  artifact: Artifact & { origin?: string };
}

/** Every worker's evidence and every bundle's items, read once (pickers preview from these, not from a re-read). */
export function evidenceItems(home: string, opts: CorpusOptions = {}): EvidenceItem[] {
  const out: EvidenceItem[] = [];
  const want = (t: string) => !opts.types || opts.types.includes(t);
  for (const w of opts.workers ?? listWorkers(home).workers) {
    for (const a of workerEvidence(home, w))
      if (want(a.type)) out.push({ ref: `${w.label}.${a.id}`, source: w.label, artifact: a });
  }
  if (opts.bundles !== false) {
    for (const b of listBundles(home).bundles) {
      for (const a of b.items) if (want(a.type)) out.push({ ref: `${b.id}.${a.id}`, source: b.id, artifact: a });
    }
  }
  return out;
}

export function searchDoc(e: EvidenceItem): SearchDoc {
  const a = e.artifact;
  return {
    ref: e.ref,
    source: e.source,
    type: a.type,
    title: a.title,
    text: `${a.text}${a.path ? `\n${a.path}` : ""}`,
    at: a.at,
  };
}

export function evidenceCorpus(home: string, opts: CorpusOptions = {}): SearchDoc[] {
  return evidenceItems(home, opts).map(searchDoc);
}
