// Pane death (tmux pane-died hook, or found dead by reconcile): keep the pane's last lines and the exit
// code, move a running worker to ended (exit 0) or failed, then remove the dead window.
import { existsSync, readFileSync } from "node:fs";
import { died } from "../core/lifecycle.js";
import { piErrorLine } from "../core/pi-error.js";
import type { WorkerStatus } from "../core/schema.js";
import { nowIso, writeFileAtomic } from "../store/fsutil.js";
import { workerPaths } from "../store/layout.js";
import { transition } from "./transition.js";
import { capturePaneTail, killWindow, socketEnv } from "./window.js";

/** Exit code from the wrapper's file, else tmux's pane_dead_status, else undefined. */
export function readExitCode(file: string, fallback?: number): number | undefined {
  try {
    const n = parseInt(readFileSync(file, "utf8").trim(), 10);
    if (Number.isInteger(n)) return n;
  } catch {
    /* wrapper never got that far */
  }
  return fallback !== undefined && Number.isInteger(fallback) ? fallback : undefined;
}

/** Why the process is gone, with pi's own last error line from the pane when it printed one. */
export function deathReason(exitCode: number | undefined, paneTail = ""): string {
  const said = piErrorLine(paneTail);
  return `worker process exited (exit ${exitCode ?? "unknown"})${said ? `: ${said}` : ""}`;
}

/** Apply a process death to a status (pure): running → ended/failed; always stamps endedAt/exitCode. */
export function applyDeath(s: WorkerStatus, exitCode: number | undefined, at: string, paneTail = ""): WorkerStatus {
  return died(s, exitCode, at, deathReason(exitCode, paneTail));
}

export interface Death {
  id: string;
  paneId: string;
  /** #{pane_dead_status} as the hook saw it (may be empty). */
  deadStatus?: number;
  /** The pane still exists (dead, remain-on-exit): capture it and kill its window. */
  paneExists?: boolean;
}

export async function harvestDeath(home: string, d: Death, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const paths = workerPaths(home, d.id);
  if (!existsSync(paths.status)) {
    // A window whose record was deleted: just clean the window up.
    if (d.paneExists !== false) await killWindow(d.paneId, env);
    return;
  }
  const current = JSON.parse(readFileSync(paths.status, "utf8")) as { tmux?: { paneId?: string; socket?: string } };
  const tenv = socketEnv(current.tmux?.socket, env);
  if (current.tmux?.paneId && current.tmux.paneId !== d.paneId) {
    // An older window of a respawned worker: not this run's death.
    if (d.paneExists !== false) await killWindow(d.paneId, tenv);
    return;
  }
  let tail = "";
  if (d.paneExists !== false) {
    tail = await capturePaneTail(d.paneId, tenv);
    try {
      // No mkdir: a record deleted meanwhile must stay deleted.
      if (tail.trim()) writeFileAtomic(paths.paneTail, tail, { mkdir: false });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      await killWindow(d.paneId, tenv);
      return;
    }
  }
  const exitCode = readExitCode(paths.exitCode, d.deadStatus);
  transition(home, d.id, deathReason(exitCode, tail), (s) => applyDeath(s, exitCode, nowIso(), tail));
  if (d.paneExists !== false) await killWindow(d.paneId, tenv);
}
