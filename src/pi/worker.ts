// The worker this pi process serves: identity from the environment, paths, and a logger that
// never throws. Everything the extension does goes through here.
import { existsSync } from "node:fs";
import { docketHome } from "../core/env.js";
import { appendEvent } from "../store/events.js";
import { packageRoot } from "../store/paths.js";
import { ID_PATTERN, workerPaths, type WorkerPaths } from "../store/layout.js";

export interface Worker {
  id: string;
  home: string;
  paths: WorkerPaths;
  /** docket's install root (holds bin/docket), for docket_spawn_child. */
  root: string;
}

/** Root of the docket install (the extension's own package, unless DOCKET_ROOT says otherwise). */
function docketRoot(env: NodeJS.ProcessEnv): string {
  return env.DOCKET_ROOT || packageRoot();
}

/** The worker from DOCKET_WORKER_ID / DOCKET_HOME, or undefined (the extension then stays inert). */
export function workerFromEnv(env: NodeJS.ProcessEnv = process.env): Worker | undefined {
  const id = env.DOCKET_WORKER_ID?.trim();
  if (!id || !ID_PATTERN.test(id)) return undefined;
  const home = docketHome(env);
  return { id, home, paths: workerPaths(home, id), root: docketRoot(env) };
}

/** Record an internal problem in the worker's event log; a failure in docket must never kill the worker. */
export function logProblem(w: Worker, where: string, err: unknown): void {
  if (!existsSync(w.paths.dir)) return; // record deleted (docket delete): never recreate its directory
  try {
    appendEvent(w.paths.events, "message", {
      level: "error",
      where,
      text: err instanceof Error ? err.message : String(err),
    });
  } catch {
    /* nowhere left to report */
  }
}

/** Run `fn`, logging instead of throwing. */
export function safely<T>(w: Worker, where: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    logProblem(w, where, err);
    return undefined;
  }
}
