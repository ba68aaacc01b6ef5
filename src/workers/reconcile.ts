// Make the records agree with tmux: a vanished worker session turns running workers into `error`;
// a worker pane that died without its hook firing (or vanished) is harvested like a pane death.
// Only the record listing loads up front: with no worker running (a common case for show, workers…)
// the tmux, harvest and transition modules are never needed.
import { RUNNING_STATES } from "../core/states.js";
import type { WorkerStatus } from "../core/schema.js";
import { listWorkers } from "../store/workers.js";
import { WORKER_SESSION } from "../core/env.js";

/** A worker that never got a window within this long is treated as a failed spawn. */
const SPAWN_GRACE_MS = 60_000;

/**
 * Bring running workers' records in line with tmux. `listed` saves a caller that lists the fleet anyway
 * a second read. True when any record was changed (the caller's list is then stale).
 */
export async function reconcileFleet(
  home: string,
  env: NodeJS.ProcessEnv = process.env,
  listed: WorkerStatus[] = listWorkers(home).workers,
): Promise<boolean> {
  // A remote worker's window is on its host: its state comes from the mirror (workers/mirror.ts).
  const running = listed.filter((w) => RUNNING_STATES.includes(w.state) && !w.host);
  if (!running.length) return false;
  let changed = false;
  const [{ nowIso }, { vanished }, { transition }, { harvestDeath }, { listWorkerPanes, socketEnv }] =
    await Promise.all([
      import("../store/fsutil.js"),
      import("../core/lifecycle.js"),
      import("./transition.js"),
      import("./harvest.js"),
      import("./window.js"),
    ]);
  const markError = (home: string, w: WorkerStatus, reason: string): void => {
    transition(home, w.id, reason, (s) => (s.runToken === w.runToken ? vanished(s, reason, nowIso()) : undefined));
  };
  const bySocket = new Map<string, WorkerStatus[]>();
  for (const w of running) {
    const key = w.tmux.socket ?? "";
    bySocket.set(key, [...(bySocket.get(key) ?? []), w]);
  }
  for (const [socket, group] of bySocket) {
    const tenv = socketEnv(socket || undefined, env);
    const panes = await listWorkerPanes(tenv);
    if (panes === null) return changed; // tmux is not installed here: nothing can be checked
    for (const w of group) {
      if (!w.tmux.paneId) {
        if (Date.now() - Date.parse(w.createdAt) > SPAWN_GRACE_MS) {
          markError(home, w, "worker window was never created");
          changed = true;
        }
        continue;
      }
      if (panes === undefined) {
        markError(home, w, `tmux session ${WORKER_SESSION} vanished`);
        changed = true;
        continue;
      }
      const pane = panes.find((p) => p.paneId === w.tmux.paneId);
      if (!pane) await harvestDeath(home, { id: w.id, paneId: w.tmux.paneId, paneExists: false }, tenv);
      else if (pane.dead)
        await harvestDeath(
          home,
          { id: w.id, paneId: pane.paneId, deadStatus: pane.deadStatus, paneExists: true },
          tenv,
        );
      if (!pane || pane.dead) changed = true;
    }
  }
  return changed;
}
