// Mounted loads (loads.json): bundles or workers whose evidence the person wants at hand in the inbox.
// Zero cost: mounting sends nothing anywhere; an item only leaves when it is pasted or copied.
import { existsSync, readFileSync } from "node:fs";
import { arr, def, literal, obj, ok, oneOf, req, str, type Infer } from "../core/check.js";
import type { MountedInput } from "../core/ranking.js";
import type { WorkerStatus } from "../core/schema.js";
import { DocketError } from "../core/errors.js";
import { resolveRef } from "../core/refs.js";
import { nowIso, writeJsonAtomic } from "../store/fsutil.js";
import { loadsPath } from "../store/layout.js";
import { withLock } from "../store/lock.js";
import { listWorkers, updateStatus } from "../store/workers.js";
import { workerEvidence } from "../store/artifacts.js";
import { deleteBundle, readBundle, resolveBundleId } from "../store/bundles.js";

const Load = obj({
  kind: req(oneOf(["bundle", "worker"])),
  /** Bundle id (b2) or worker id. */
  id: req(str),
  /** What refs use: b2 or w3. */
  label: req(str),
  loadedAt: req(str),
});
type Load = Infer<typeof Load>;
/** loads.json. */
const LoadsFile = obj({ version: def(literal(1), () => 1 as const), loads: def(arr(Load), () => []) });

export { loadsPath };

function readLoads(home: string): Load[] {
  const file = loadsPath(home);
  if (!existsSync(file)) return [];
  try {
    return ok(LoadsFile, JSON.parse(readFileSync(file, "utf8")))?.loads ?? [];
  } catch {
    return []; // a torn or hand-broken file only loses the mounts, never blocks a command
  }
}

function editLoads<T>(home: string, fn: (loads: Load[]) => { loads: Load[]; result: T }): T {
  return withLock(loadsPath(home) + ".lock", () => {
    const { loads, result } = fn(readLoads(home));
    writeJsonAtomic(loadsPath(home), { version: 1, loads });
    return result;
  });
}

export interface LoadResult {
  kind: "bundle" | "worker";
  label: string;
  items: number;
  already: boolean;
}

/** `b<N>` or `last`: a bundle, not a worker. */
export function isBundleRef(r: string): boolean {
  return r === "last" || /^b[1-9]\d{0,8}$/.test(r);
}

/** `docket load <id|last|wN>`: mount a bundle, or a worker's evidence (and mark the worker loaded). */
export function loadSource(home: string, ref: string): LoadResult {
  const r = ref;
  let load: Load;
  let items: number;
  if (r === "last" || /^b[1-9]\d{0,8}$/.test(r)) {
    const id = resolveBundleId(home, r);
    items = readBundle(home, id).items.length;
    load = { kind: "bundle", id, label: id, loadedAt: nowIso() };
  } else {
    const w = resolveRef(r, listWorkers(home).workers);
    items = workerEvidence(home, w).length;
    load = { kind: "worker", id: w.id, label: w.label, loadedAt: nowIso() };
    updateStatus(home, w.id, (s) => ({ ...s, loadedAt: load.loadedAt }));
  }
  const already = editLoads(home, (loads) => {
    const had = loads.some((l) => l.kind === load.kind && l.id === load.id);
    return { loads: had ? loads : [...loads, load], result: had };
  });
  return { kind: load.kind, label: load.label, items, already };
}

/** `docket unload <id|wN|all>`; returns the labels dropped. Unloading a worker clears its loaded mark. */
export function unloadSource(home: string, ref: string): string[] {
  const r = ref;
  const current = readLoads(home);
  let drop: Load[];
  if (r === "all") drop = current;
  else if (/^b[1-9]\d{0,8}$/.test(r) || r === "last") {
    const id = r === "last" ? current.filter((l) => l.kind === "bundle").at(-1)?.id : r;
    drop = current.filter((l) => l.kind === "bundle" && l.id === id);
  } else {
    const w = resolveRef(r, listWorkers(home).workers);
    drop = current.filter((l) => l.kind === "worker" && l.id === w.id);
  }
  if (!drop.length) {
    if (r === "all") return [];
    throw new DocketError(`not loaded: ${r}`);
  }
  const ids = new Set(drop.map((l) => `${l.kind}:${l.id}`));
  editLoads(home, (loads) => ({ loads: loads.filter((l) => !ids.has(`${l.kind}:${l.id}`)), result: undefined }));
  for (const l of drop) {
    if (l.kind !== "worker") continue;
    try {
      updateStatus(home, l.id, (s) => {
        delete s.loadedAt;
        return s;
      });
    } catch {
      /* the worker was pruned meanwhile */
    }
  }
  return drop.map((l) => l.label);
}

/** One item of a mounted source: ref to paste with (`b2.c4`, `w3.e1`), source label and title. */
export type MountedItem = MountedInput;

/** Items of every mounted source, in load order. Sources that vanished (deleted, pruned) are skipped. */
export function listMounted(home: string): MountedItem[] {
  const loads = readLoads(home);
  if (!loads.length) return [];
  const out: MountedItem[] = [];
  let workers: WorkerStatus[] | undefined;
  for (const l of loads) {
    try {
      if (l.kind === "bundle") {
        const b = readBundle(home, l.id);
        for (const a of b.items)
          out.push({
            ref: `${b.id}.${a.id}`,
            source: b.id,
            sourceTitle: b.title,
            kind: "bundle",
            loadedAt: l.loadedAt,
            artifact: a,
          });
      } else {
        workers ??= listWorkers(home).workers;
        const w = workers.find((x) => x.id === l.id);
        if (!w) continue;
        for (const a of workerEvidence(home, w))
          out.push({
            ref: `${w.label}.${a.id}`,
            source: w.label,
            sourceTitle: w.task.split("\n")[0]!.slice(0, 60),
            kind: "worker",
            loadedAt: l.loadedAt,
            artifact: a,
          });
      }
    } catch {
      /* a source that cannot be read is left out rather than breaking the inbox */
    }
  }
  return out;
}

/** Mounted sources (labels), for `docket list`. */
export function mountedSources(
  home: string,
): Array<{ kind: "bundle" | "worker"; label: string; id: string; loadedAt: string }> {
  return readLoads(home);
}

/** `docket delete <b<N>|last>`: unmount the bundle, then remove its two files. */
export function deleteBundleEverywhere(home: string, ref: string): { id: string; removed: string[] } {
  const id = resolveBundleId(home, ref);
  editLoads(home, (loads) => ({
    loads: loads.filter((l) => !(l.kind === "bundle" && l.id === id)),
    result: undefined,
  }));
  return deleteBundle(home, id);
}
