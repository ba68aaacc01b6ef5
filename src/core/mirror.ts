// A remote worker's local record (docs/remote.md): the remote's status.json as it came, with the fields
// that belong to this machine kept from the local record. The remote owns the run (state, questions,
// result, change set, usage…); this side owns the label, the project and where an accept applies, the
// person's verdicts, and what docket learnt about the parent here. Pure: both the spawn and every pull
// go through it.
import type { WorkerStatus } from "./schema.js";
import { WORKER_SESSION } from "./env.js";

/** Fields this machine writes for a remote worker; the remote's values of them mean nothing here. */
export const LOCAL_FIELDS = ["label", "index", "project", "reviewedAt", "baseMoved", "promoted", "loadedAt"] as const;

export function mirrorRecord(remote: WorkerStatus, local: WorkerStatus, host: string): WorkerStatus {
  const out: Record<string, unknown> = { ...remote };
  // A pid of another machine, and its tmux ids: nothing here may act on them.
  delete out.extensionPid;
  for (const f of LOCAL_FIELDS) {
    if (local[f] === undefined) delete out[f];
    else out[f] = local[f];
  }
  out.tmux = {
    session: WORKER_SESSION,
    windowName: local.label,
    ...(local.tmux.originSession ? { originSession: local.tmux.originSession } : {}),
  };
  out.workspace = {
    ...remote.workspace,
    type: remote.workspace.type === "parent" ? "worktree" : remote.workspace.type,
    parentDir: local.workspace.parentDir,
    ...pick(local.workspace, ["repoRoot", "parentHead", "parentHashes"]),
  };
  if (!local.workspace.repoRoot) delete (out.workspace as Record<string, unknown>).repoRoot;
  out.host = { name: host, remoteLabel: remote.label };
  return out as WorkerStatus;
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Partial<T> {
  const r: Partial<T> = {};
  for (const k of keys) if (o[k] !== undefined) r[k] = o[k];
  return r;
}
