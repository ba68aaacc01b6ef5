// Stop (clean exit, keep the record) and delete (stop, remove workspace and record, cascade to children).
import { RUNNING_STATES, type WorkerStatus } from "../core/schema.js";
import { nowIso } from "../store/fsutil.js";
import { listWorkers, readStatus, removeWorkerRecord } from "../store/workers.js";
import { tmuxTry } from "../tmux/runner.js";
import { removeWorkspace } from "../git/workspace.js";
import { stopped } from "../core/lifecycle.js";
import { transition } from "./transition.js";
import { publishFleet } from "../tmux/publish.js";
import { pidAlive } from "../store/fsutil.js";
import { harvestDeath } from "./harvest.js";
import { listWorkerPanes, socketEnv } from "./window.js";

/** How long pi gets to shut down cleanly after C-d before its window is killed. */
export const STOP_GRACE_MS = 3000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** C-d first (pi runs its clean shutdown), kill-window after the grace. Running states → stopped. */
export async function stopWorker(
  home: string,
  worker: WorkerStatus,
  env: NodeJS.ProcessEnv = process.env,
): Promise<WorkerStatus> {
  if (worker.host) return (await import("./remote.js")).stopRemote(home, worker, env);
  let after = worker;
  if (RUNNING_STATES.includes(worker.state)) {
    after =
      transition(home, worker.id, "stopped by the person", (s) => stopped(s, nowIso()))?.after ??
      readStatus(home, worker.id);
  }
  const paneId = worker.tmux.paneId;
  if (!paneId) return after;
  const tenv = socketEnv(worker.tmux.socket, env);
  const find = async () => (await listWorkerPanes(tenv))?.find((p) => p.paneId === paneId);
  let pane = await find();
  if (!pane) return after;
  if (!pane.dead) {
    await tmuxTry(["send-keys", "-t", paneId, "C-d"], { env: tenv });
    const deadline = Date.now() + STOP_GRACE_MS;
    while (pane && !pane.dead && Date.now() < deadline) {
      await sleep(100);
      pane = await find();
    }
  }
  // Dead (the hook may already be on it) or still alive after the grace: capture, record, remove.
  if (pane) await harvestDeath(home, { id: worker.id, paneId, deadStatus: pane.deadStatus, paneExists: true }, tenv);
  return readStatus(home, worker.id);
}

/** Ids of a worker's descendants, children before grandchildren. */
export function descendants(all: WorkerStatus[], id: string): WorkerStatus[] {
  const out: WorkerStatus[] = [];
  const queue = [id];
  while (queue.length) {
    const cur = queue.shift()!;
    for (const w of all) {
      if (w.parentId === cur && !out.includes(w)) {
        out.push(w);
        queue.push(w.id);
      }
    }
  }
  return out;
}

/** Stop, remove the workspace and the record; children first. Returns the labels removed. */
export async function deleteWorker(
  home: string,
  worker: WorkerStatus,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const { workers } = listWorkers(home);
  const order = [...descendants(workers, worker.id).reverse(), worker];
  const removed: string[] = [];
  for (const w of order) {
    const current = (() => {
      try {
        return readStatus(home, w.id);
      } catch {
        return undefined;
      }
    })();
    if (!current) continue;
    if (current.host) {
      await (await import("./remote.js")).deleteRemote(home, current, env);
      removed.push(w.label);
      continue;
    }
    const stopped = await stopWorker(home, current, env);
    // pi's extension writes into the record while it shuts down: let it finish before removing.
    await waitForExit(stopped.extensionPid);
    await removeWorkspace(current.workspace);
    removeWorkerRecord(home, w.id);
    removed.push(w.label);
  }
  try {
    publishFleet(home);
  } catch {
    /* never fatal */
  }
  return removed;
}

async function waitForExit(pid: number | undefined, ms = STOP_GRACE_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (pid && pidAlive(pid) && Date.now() < deadline) await sleep(50);
}
