// Where each file lives in the store. Node built-ins only (the extension imports this).
import { join, sep } from "node:path";

export interface WorkerPaths {
  dir: string;
  status: string;
  lock: string;
  task: string;
  events: string;
  artifacts: string;
  paneTail: string;
  inbox: string;
  session: string;
  workspace: string;
  patch: string;
  /** The person's review comments on the change set versions. */
  review: string;
  exitCode: string;
}

export function workersDir(home: string): string {
  return join(home, "workers");
}

let lastHome: string | undefined;
let lastDir = "";

/**
 * Every listing builds these for each worker: plain concatenation under a `workers/` dir joined once
 * per store (path.join, cold in a short-lived process, cost ~9 ms per 100 workers). An id that is not
 * of docket's own shape goes through join as before.
 */
export function workerPaths(home: string, id: string): WorkerPaths {
  if (home !== lastHome) {
    lastHome = home;
    lastDir = workersDir(home);
  }
  const dir = ID_PATTERN.test(id) ? `${lastDir}${sep}${id}` : join(lastDir, id);
  const at = (name: string) => `${dir}${sep}${name}`;
  return {
    dir,
    status: at("status.json"),
    lock: at("status.json.lock"),
    task: at("task.md"),
    events: at("events.ndjson"),
    artifacts: at("artifacts.json"),
    paneTail: at("pane-tail.txt"),
    inbox: at("inbox"),
    session: at("session"),
    workspace: at("workspace"),
    patch: at("changeset.patch"),
    review: at("review.json"),
    exitCode: at("exit-code"),
  };
}

export function ledgerPath(home: string): string {
  return join(home, "decisions.ndjson");
}

/** Mounted sources of `docket load` (see src/evidence/mounted.ts). */
export function loadsPath(home: string): string {
  return join(home, "loads.json");
}

export function bundlesDir(home: string): string {
  return join(home, "bundles");
}

export function userKindsDir(home: string): string {
  return join(home, "worker-kinds");
}

/** A worker id is `<slug>-<4 hex>`: lowercase letters, digits and dashes, nothing else. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,80}$/;
