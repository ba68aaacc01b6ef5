// Everything searchable: every worker's evidence and every saved bundle's items, as SearchDocs.
import type { SearchDoc } from "../core/search.js";
import type { WorkerStatus } from "../core/schema.js";
import { workerEvidence } from "../store/artifacts.js";
import { listBundles } from "../store/bundles.js";
import { listWorkers } from "../store/workers.js";

export interface CorpusOptions {
  /** Only these types (answers: summary + answer). */
  types?: string[];
  workers?: WorkerStatus[];
  bundles?: boolean;
}

export function evidenceCorpus(home: string, opts: CorpusOptions = {}): SearchDoc[] {
  const docs: SearchDoc[] = [];
  const want = (t: string) => !opts.types || opts.types.includes(t);
  for (const w of opts.workers ?? listWorkers(home).workers) {
    for (const a of workerEvidence(home, w)) {
      if (want(a.type)) docs.push({ ref: `${w.label}.${a.id}`, source: w.label, type: a.type, title: a.title, text: `${a.text}${a.path ? `\n${a.path}` : ""}`, at: a.at });
    }
  }
  if (opts.bundles !== false) {
    for (const b of listBundles(home).bundles) {
      for (const a of b.items) {
        if (want(a.type)) docs.push({ ref: `${b.id}.${a.id}`, source: b.id, type: a.type, title: a.title, text: `${a.text}${a.path ? `\n${a.path}` : ""}`, at: a.at });
      }
    }
  }
  return docs;
}
