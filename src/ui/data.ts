// What the popups read from the store: workers, evidence, markers, done keys, project scope.
// Every file is parsed (core/schema.ts, the same readers as the CLI); a bad one is skipped, never fatal
// for the whole list.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ok } from "../core/check.js";
import { DEFAULT_CONFIG, loadConfig, type Config } from "../core/config.js";
import { isHidden } from "../core/eviction.js";
import { overlapMarkers, overlapMarkersOf, touchedPaths } from "../core/overlap.js";
import { rankItems, type MountedInput, type ReviewItem } from "../core/ranking.js";
import { DoneKeys, type Artifact, type WorkerGradeRecord, type WorkerStatus } from "../core/schema.js";
import { readArtifactsOf } from "../store/artifacts.js";
import { readGradesOf } from "../store/grades.js";
import { listWorkers, type BadRecord } from "../store/status-files.js";
import { warningText } from "../core/warnings.js";
import { writeJsonAtomic } from "../store/fsutil.js";
import { loadsPath, workerPaths } from "../store/layout.js";
import { projectOf } from "../store/paths.js";

export interface Snapshot {
  home: string;
  workers: WorkerStatus[];
  byId: Map<string, WorkerStatus>;
  artifacts: Map<string, Artifact[]>;
  markers: Map<string, string[]>;
  items: ReviewItem[];
  /** Mounted evidence (`docket load`) by ref (b2.c1, w3.e1), for previews. */
  mounted: Map<string, Artifact>;
  bad: number;
  /** The unreadable status.json files themselves (listings name them on stderr). */
  badRecords: BadRecord[];
}

export function readPaneTail(home: string, id: string): string | undefined {
  try {
    return readFileSync(workerPaths(home, id).paneTail, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * The project to scope to: the current directory's repo root. The tmux bindings open popups in the
 * origin pane's directory (display-popup -d), so no tmux call is needed to find it.
 */
export function originProject(): string {
  return projectOf(process.cwd());
}

/** Evidence keys marked done in the inbox. */
export const doneFile = (home: string) => join(home, "inbox-done.json");

/** Evidence items (w3.e1) the person marked done with Space in the inbox. */
export function readDoneKeys(home: string): Set<string> {
  try {
    return new Set(ok(DoneKeys, JSON.parse(readFileSync(doneFile(home), "utf8")))?.keys);
  } catch {
    return new Set();
  }
}

export function toggleDoneKey(home: string, key: string): boolean {
  const keys = readDoneKeys(home);
  const nowDone = !keys.has(key);
  if (nowDone) keys.add(key);
  else keys.delete(key);
  writeJsonAtomic(doneFile(home), { keys: [...keys].sort() });
  return nowDone;
}

function config(project: string | undefined): Config {
  try {
    return loadConfig(project);
  } catch {
    return DEFAULT_CONFIG; // a broken config must not hide the inbox; `docket config` reports it
  }
}

/** Items of `docket load`ed bundles/workers; the evidence modules load only when something is mounted. */
async function readMounted(home: string): Promise<MountedInput[]> {
  if (!existsSync(loadsPath(home))) return [];
  return (await import("../evidence/mounted.js")).listMounted(home);
}

/** Everything a snapshot is built from, read from the store (async: some readers load lazily). */
export interface SnapshotInputs {
  home: string;
  workers: WorkerStatus[];
  artifacts: Map<string, Artifact[]>;
  cfg: Config;
  mounted: MountedInput[];
  doneKeys: Set<string>;
  bad: number;
  /** The unreadable status.json files themselves (listings name them on stderr). */
  badRecords: BadRecord[];
  /** Stored graded overlaps per worker label (store/grades.ts), for the repos these workers are in. */
  grades: Map<string, WorkerGradeRecord[]>;
}

export async function readSnapshotInputs(home: string, project: string | undefined): Promise<SnapshotInputs> {
  const { workers, bad } = listWorkers(home);
  const artifacts = readArtifactsOf(
    home,
    workers.map((w) => w.id),
  );
  const cfg = config(project);
  const mounted = await readMounted(home);
  return {
    home,
    workers,
    artifacts,
    cfg,
    mounted,
    doneKeys: readDoneKeys(home),
    bad: bad.length,
    badRecords: bad,
    grades: readGradesOf(home, workers),
  };
}

/** Markers, hiding and ranking at `now`. Synchronous, so a view can render it with time tokens. */
export function buildSnapshot(inp: SnapshotInputs, project: string | undefined, now: number): Snapshot {
  const { workers, artifacts, cfg, mounted } = inp;
  // A row or card shows a worker's first two radar markers (overlapMarkersOf): only those are found.
  const overlaps = overlapMarkers(
    workers.map((w) => ({ label: w.label, paths: touchedPaths(w, artifacts.get(w.id)) })),
    2,
  );
  const markers = new Map<string, string[]>();
  for (const w of workers) {
    const m = overlapMarkersOf(w, inp.grades.get(w.label), overlaps.get(w.label) ?? []);
    const warn = warningText(w, now, cfg);
    if (warn) m.push(...warn.split(" · "));
    markers.set(w.id, m);
  }
  // Reviewed/ended workers at rest past worker.dockIdleHideMinutes leave the list (still reachable by ref).
  const shown = workers.filter((w) => !isHidden(w, now, cfg));
  const items = rankItems({ workers: shown, artifacts, markers, doneKeys: inp.doneKeys, project, mounted });
  const byRef = new Map(mounted.map((m) => [m.ref, m.artifact]));
  return {
    home: inp.home,
    workers,
    byId: new Map(workers.map((w) => [w.id, w])),
    artifacts,
    markers,
    items,
    mounted: byRef,
    bad: inp.bad,
    badRecords: inp.badRecords,
  };
}

export async function loadSnapshot(home: string, project: string | undefined, now = Date.now()): Promise<Snapshot> {
  return buildSnapshot(await readSnapshotInputs(home, project), project, now);
}
