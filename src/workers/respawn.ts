// Respawn: relaunch an ended/failed/error worker in the same window name and workspace, resuming its session.
import { rmSync } from "node:fs";
import { loadConfig } from "../core/config.js";
import { DocketError } from "../core/errors.js";
import { fail, respawned } from "../core/lifecycle.js";
import type { WorkerStatus } from "../core/schema.js";
import { RESPAWNABLE_STATES } from "../core/states.js";
import { nowIso } from "../store/fsutil.js";
import { workerPaths } from "../store/layout.js";
import { updateStatus } from "../store/workers.js";
import { workspaceCwd } from "../git/workspace.js";
import { respawnPrompt } from "./brief.js";
import { newRunToken, withFleetSlot } from "./fleet.js";
import { announceChange, transition } from "./transition.js";
import { latestSessionFile, piArgv, resolvePi, writeLaunch } from "./launch.js";
import { workerEnv } from "./spawn.js";
import { killWindow, openWorkerWindow, socketEnv } from "./window.js";

export function isRespawnable(w: WorkerStatus): boolean {
  return RESPAWNABLE_STATES.includes(w.state);
}

const notRespawnable = (s: WorkerStatus) =>
  new DocketError(`${s.label} is ${s.state}; respawn relaunches only ${RESPAWNABLE_STATES.join(", ")} workers`);

export async function respawnWorker(
  home: string,
  worker: WorkerStatus,
  env: NodeJS.ProcessEnv = process.env,
): Promise<WorkerStatus> {
  if (!isRespawnable(worker)) throw notRespawnable(worker);
  if (worker.host) return (await import("./remote.js")).respawnRemote(home, worker, env);
  const pi = resolvePi(env);
  const config = loadConfig(worker.project, env);
  const paths = workerPaths(home, worker.id);
  // A window left over from the previous run (e.g. pi still up after docket_fail) goes first.
  if (worker.tmux.windowId) await killWindow(worker.tmux.windowId, socketEnv(worker.tmux.socket, env));

  const before = worker;
  const reserved = withFleetSlot(home, config.worker.maxActive, () =>
    updateStatus(home, worker.id, (s) => {
      const next = respawned(s, newRunToken(), nowIso());
      if (!next) throw notRespawnable(s);
      return next;
    }),
  );
  rmSync(paths.exitCode, { force: true });
  const resume = latestSessionFile(paths.session);
  const cwd = workspaceCwd(reserved.workspace);
  writeLaunch(paths.dir, {
    argv: piArgv({
      pi,
      sessionDir: paths.session,
      model: reserved.model,
      thinking: reserved.thinking,
      prompt: respawnPrompt(paths.task),
      ...(resume ? { session: { mode: "resume" as const, file: resume } } : {}),
    }),
    cwd,
  });
  try {
    const win = await openWorkerWindow(
      {
        id: worker.id,
        windowName: worker.label,
        cwd,
        workerDir: paths.dir,
        home,
        state: "starting",
        env: workerEnv(worker.id, home, env),
      },
      env,
    );
    const after = updateStatus(home, worker.id, (s) => ({
      ...s,
      tmux: { ...s.tmux, windowId: win.windowId, paneId: win.paneId, socket: win.socket },
    }));
    announceChange(home, before, after, "respawned");
    return after;
  } catch (err) {
    const at = nowIso();
    transition(home, worker.id, "respawn failed", (s) => {
      const next = fail(s, `respawn failed: ${(err as Error).message}`, at, "cannot_run");
      return next && { ...next, endedAt: at };
    });
    throw err;
  }
}
