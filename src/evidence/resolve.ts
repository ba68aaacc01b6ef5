// Resolve an artifact ref from outside (`w3.e1`, `b2.c4`) to the item and the file it lives in.
import { homedir } from "node:os";
import type { Artifact } from "../core/schema.js";
import { DocketError } from "../core/errors.js";
import { resolveRef } from "../core/refs.js";
import { parseArtifactRef, readArtifactsFile, workerEvidence } from "../store/artifacts.js";
import { bundleFiles, readBundle } from "../store/bundles.js";
import { workerPaths } from "../store/layout.js";
import { listWorkers } from "../store/workers.js";

export interface ResolvedArtifact {
  /** Canonical ref: `w3.e1` / `b2.c4`. */
  ref: string;
  kind: "worker" | "bundle";
  /** w3 / b2 */
  source: string;
  /** Worker id or bundle id. */
  sourceId: string;
  artifact: Artifact & { origin?: string };
  /** File holding the item, with `#<item>` (home shortened to ~). */
  location: string;
}

export function tildify(path: string): string {
  const h = process.env.HOME || homedir();
  return h && path.startsWith(h + "/") ? "~" + path.slice(h.length) : path;
}

export function resolveArtifact(home: string, ref: string): ResolvedArtifact {
  const parsed = parseArtifactRef(ref);
  if (parsed.source.kind === "bundle") {
    const b = readBundle(home, parsed.source.id);
    const a = b.items.find((x) => x.id === parsed.item);
    if (!a)
      throw new DocketError(
        `unknown artifact: ${b.id}.${parsed.item} (bundle ${b.id} has ` +
          `${b.items.map((x) => x.id).join(", ") || "no items"})`,
      );
    return {
      ref: `${b.id}.${a.id}`,
      kind: "bundle",
      source: b.id,
      sourceId: b.id,
      artifact: a,
      location: `${tildify(bundleFiles(home, b.id).json)}#${a.id}`,
    };
  }
  const w = resolveRef(parsed.source.ref, listWorkers(home).workers);
  const items = workerEvidence(home, w);
  const a = items.find((x) => x.id === parsed.item);
  if (!a)
    throw new DocketError(
      `unknown artifact: ${w.label}.${parsed.item} (${w.label} has ` +
        `${items.map((x) => x.id).join(", ") || "no evidence"})`,
    );
  const p = workerPaths(home, w.id);
  // Items derived from status.json / pane-tail.txt point at the file they came from.
  const recorded = readArtifactsFile(p.artifacts).items.some((x) => x.id === a.id);
  const file = recorded ? p.artifacts : a.type === "terminal" ? p.paneTail : p.status;
  return {
    ref: `${w.label}.${a.id}`,
    kind: "worker",
    source: w.label,
    sourceId: w.id,
    artifact: a,
    location: `${tildify(file)}#${a.id}`,
  };
}
