// Where each file lives in the store. Node built-ins only (the extension imports this).
import { join } from "node:path";

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

export function workerPaths(home: string, id: string): WorkerPaths {
  const dir = join(workersDir(home), id);
  return {
    dir,
    status: join(dir, "status.json"),
    lock: join(dir, "status.json.lock"),
    task: join(dir, "task.md"),
    events: join(dir, "events.ndjson"),
    artifacts: join(dir, "artifacts.json"),
    paneTail: join(dir, "pane-tail.txt"),
    inbox: join(dir, "inbox"),
    session: join(dir, "session"),
    workspace: join(dir, "workspace"),
    patch: join(dir, "changeset.patch"),
    review: join(dir, "review.json"),
    exitCode: join(dir, "exit-code"),
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
