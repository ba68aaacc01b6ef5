// Respawn: relaunch an ended/failed/error worker in the same window name and workspace, resuming its session.
import { rmSync } from "node:fs";
import { loadConfig } from "../core/config.js";
import { DocketError } from "../core/errors.js";
import type { WorkerStatus } from "../core/schema.js";
import { nowIso } from "../store/fsutil.js";
import { workerPaths } from "../store/layout.js";
import { updateStatus } from "../store/workers.js";
import { workspaceCwd } from "../git/workspace.js";
import { respawnPrompt } from "./brief.js";
import { afterTransition, newRunToken, withFleetSlot } from "./fleet.js";
import { latestSessionFile, piArgv, resolvePi, writeLaunch } from "./launch.js";
import { workerEnv } from "./spawn.js";
import { killWindow, openWorkerWindow, socketEnv } from "./window.js";

export const RESPAWNABLE = ["ended", "failed", "error"] as const;

export function isRespawnable(w: WorkerStatus): boolean {
  return (RESPAWNABLE as readonly string[]).includes(w.state);
}

export async function respawnWorker(home: string, worker: WorkerStatus, env: NodeJS.ProcessEnv = process.env): Promise<WorkerStatus> {
  if (!isRespawnable(worker)) {
    throw new DocketError(`${worker.label} is ${worker.state}; respawn relaunches only ended, failed or error workers`);
  }
  const pi = resolvePi(env);
  const config = loadConfig(worker.project, env);
  const paths = workerPaths(home, worker.id);
  // A window left over from the previous run (e.g. pi still up after docket_fail) goes first.
  if (worker.tmux.windowId) await killWindow(worker.tmux.windowId, socketEnv(worker.tmux.socket, env));

  const before = worker;
  const reserved = withFleetSlot(home, config.worker.maxActive, () =>
    updateStatus(home, worker.id, (s) => {
      if (!isRespawnable(s)) throw new DocketError(`${s.label} is ${s.state}; respawn relaunches only ended, failed or error workers`);
      const { endedAt: _e, exitCode: _x, failure: _f, reviewedAt: _r, extensionPid: _p, heartbeatAt: _h, stoppedAt: _s, ...rest } = s as WorkerStatus & { stoppedAt?: string };
      return { ...rest, state: "starting", runToken: newRunToken(), startedAt: nowIso(), respawnedAt: nowIso() } as WorkerStatus;
    }),
  );
  rmSync(paths.exitCode, { force: true });
  const resume = latestSessionFile(paths.session);
  const cwd = workspaceCwd(reserved.workspace);
  writeLaunch(paths.dir, {
    argv: piArgv({
      pi, sessionDir: paths.session, model: reserved.model, prompt: respawnPrompt(paths.task),
      ...(resume ? { session: { mode: "resume" as const, file: resume } } : {}),
    }),
    cwd,
  });
  try {
    const win = await openWorkerWindow({
      id: worker.id, windowName: worker.label, cwd, workerDir: paths.dir, home, state: "starting", env: workerEnv(worker.id, home, env),
    }, env);
    const after = updateStatus(home, worker.id, (s) => ({ ...s, tmux: { ...s.tmux, windowId: win.windowId, paneId: win.paneId, socket: win.socket } }));
    afterTransition(home, before, after, "respawned");
    return after;
  } catch (err) {
    const at = nowIso();
    const failed = updateStatus(home, worker.id, (s) => ({ ...s, state: "failed", endedAt: at, failure: { reason: `respawn failed: ${(err as Error).message}`, at } }));
    afterTransition(home, reserved, failed, "respawn failed");
    throw err;
  }
}
