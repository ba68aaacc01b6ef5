// Eviction as part of ordinary commands (no daemon): workers at rest past worker.pruneAfterHours lose
// their window, workspace and record. One pruned without any verdict first gets a
// `worker_evicted_unreviewed` ledger row (decision debt). Cheap when there is nothing to do: a stamp
// file limits full scans to one per PRUNE_INTERVAL_MS.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../core/config.js";
import type { WorkerStatus } from "../core/schema.js";
import { ensureDir, nowIso, writeFileAtomic } from "../store/fsutil.js";
import { tryLockOnce } from "../store/lock.js";

export const PRUNE_INTERVAL_MS = 60_000;
const LOCK_STALE_MS = 120_000;

export interface PruneReport {
  ran: boolean;
  pruned: Array<{ id: string; label: string; debt: boolean }>;
  kept: number;
  errors: string[];
}

export interface PruneOptions {
  now?: number;
  /** Scan even if the stamp says a scan ran recently. */
  force?: boolean;
  /** Config for every worker (tests); default: each worker's project config. */
  config?: Config;
  /** Removes window + workspace (tests may stub it); the record is always removed here. */
  teardown?: (w: WorkerStatus) => Promise<void>;
}

function stampPath(home: string): string {
  return join(home, "prune-stamp");
}

function recentlyRan(home: string, now: number): boolean {
  try {
    const last = Number(readFileSync(stampPath(home), "utf8"));
    return Number.isFinite(last) && now - last >= 0 && now - last < PRUNE_INTERVAL_MS;
  } catch {
    return false;
  }
}

/** The fleet's own stop (C-d, then kill-window, on the worker's socket) and workspace removal. Lazy: rare. */
async function defaultTeardown(home: string, w: WorkerStatus): Promise<void> {
  // A remote worker's workspace is on its host: the host deletes it (unreachable: kept, tried again).
  if (w.host) {
    const { readReach } = await import("../store/hosts.js");
    if (readReach(home, w.host.name)?.ok === false)
      throw new Error(`host ${w.host.name} is unreachable: kept until it answers`);
    return (await import("./remote.js")).deleteRemote(home, w);
  }
  const { stopWorker } = await import("./stop.js");
  await stopWorker(home, w);
  const { removeWorkspace } = await import("../git/workspace.js");
  await removeWorkspace(w.workspace);
}

export async function prune(home: string, opts: PruneOptions = {}): Promise<PruneReport> {
  const now = opts.now ?? Date.now();
  const report: PruneReport = { ran: false, pruned: [], kept: 0, errors: [] };
  if (!opts.force && recentlyRan(home, now)) return report;
  ensureDir(home);
  const unlock = tryLockOnce(join(home, "prune.lock"), LOCK_STALE_MS);
  if (!unlock) return report;
  try {
    writeFileAtomic(stampPath(home), String(now));
    report.ran = true;
    // Loaded only for a real scan: most calls end at the stamp check above, on the popups' hot path
    // (store/workers.ts and its record checks included: loading them costs more than the stamp check).
    const [{ loadConfig }, { pruneVerdict }, { appendDecision, readDecisions }, { listWorkers, removeWorkerRecord }] =
      await Promise.all([
        import("../core/config.js"),
        import("../core/eviction.js"),
        import("../store/ledger.js"),
        import("../store/workers.js"),
      ]);
    const { workers } = listWorkers(home);
    if (!workers.length) return report;
    const configs = new Map<string, Config>();
    const cfgFor = (w: WorkerStatus): Config => {
      if (opts.config) return opts.config;
      let c = configs.get(w.project);
      if (!c) {
        try {
          c = loadConfig(w.project);
        } catch {
          c = loadConfig(); // a broken project config must not stop pruning; the user file still applies
        }
        configs.set(w.project, c);
      }
      return c;
    };
    const candidates = workers.filter((w) => pruneVerdict(w, now, cfgFor(w), true) !== "keep");
    report.kept = workers.length - candidates.length;
    if (!candidates.length) return report;
    const decisions = readDecisions(home).decisions;
    for (const w of candidates) {
      const rows = decisions.filter((d) => d.worker === w.id);
      const hasVerdict = rows.some((d) => d.verb !== "worker_evicted_unreviewed");
      const verdict = pruneVerdict(w, now, cfgFor(w), hasVerdict);
      if (verdict === "keep") {
        report.kept++;
        continue;
      }
      try {
        const debt = verdict === "prune_debt";
        // The debt row comes first: if teardown fails half-way, the next scan must not count it twice.
        if (debt && !rows.some((d) => d.verb === "worker_evicted_unreviewed")) {
          appendDecision(home, {
            ts: nowIso(),
            verb: "worker_evicted_unreviewed",
            worker: w.id,
            label: w.label,
            task: w.task,
            state: w.state,
            evidence: [],
          });
        }
        await (opts.teardown ?? ((x: WorkerStatus) => defaultTeardown(home, x)))(w);
        removeWorkerRecord(home, w.id);
        report.pruned.push({ id: w.id, label: w.label, debt });
      } catch (err) {
        report.errors.push(`${w.label}: ${(err as Error).message}`);
      }
    }
    return report;
  } finally {
    unlock();
  }
}

/** For ordinary commands: never throws, usually returns after one stat of the stamp file. */
export async function maybePrune(home: string, opts: PruneOptions = {}): Promise<PruneReport | undefined> {
  try {
    return await prune(home, opts);
  } catch {
    return undefined;
  }
}
