// The person's side of remote workers (docs/remote.md): spawn on a host, and the verbs that act on a
// remote worker (tell, stop, respawn, delete, capture for peek). Each sends its request as data to
// `docket remote <op>` on the host, then pulls, so the mirror shows what the remote observed: a
// receipt here is the remote mailbox's receipt, mirrored, never one stamped because a call returned.
import { rmSync } from "node:fs";
import { loadConfig } from "../core/config.js";
import { docketHome } from "../core/env.js";
import { DocketError } from "../core/errors.js";
import { mirrorRecord } from "../core/mirror.js";
import { InboxMessage, type WorkerStatus } from "../core/schema.js";
import { ok } from "../core/check.js";
import { sanitizeLine } from "../core/sanitize.js";
import { probeRepo, gitTry, git } from "../git/git.js";
import { baselineRef, createBundle, repoKey } from "../git/ship.js";
import { buildBaseline } from "../git/workspace.js";
import { ensureDir, writeJsonAtomic } from "../store/fsutil.js";
import { getHost, type Host } from "../store/hosts.js";
import { workerPaths } from "../store/layout.js";
import { writeMirrorState } from "../store/mirror.js";
import { checkStatusText } from "../store/status-record.js";
import { readStatus, removeWorkerRecord, updateStatus } from "../store/workers.js";
import { call, callArgv, callSync, sshBin } from "../remote/ssh.js";
import { withFleetSlot, writeStartingRecord } from "./fleet.js";
import { ensureFollower } from "./follow.js";
import { pullHost } from "./mirror.js";
import { checkRequest, type SpawnRequest } from "./spawn.js";
import type { TellOptions, TellResult } from "./tell.js";
import { announceChange } from "./transition.js";
import { resolve } from "node:path";

function hostOf(home: string, w: WorkerStatus): Host {
  if (!w.host) throw new DocketError(`${w.label} is not a remote worker`);
  return getHost(home, w.host.name);
}

/** spawn --host: baseline built here, shipped as a bundle, the worker started there, mirrored here. */
export async function spawnRemote(req: SpawnRequest, hostName: string): Promise<WorkerStatus> {
  const env = req.env ?? process.env;
  const warn = req.warn ?? ((l: string) => process.stderr.write(`docket: warning: ${l}\n`));
  const home = resolve(docketHome(env));
  const host = getHost(home, hostName);
  const task = req.task;
  checkRequest(req);
  if (req.parent) throw new DocketError("a child worker runs where its parent does: --host is for the person's spawns");
  const cwd = req.cwd ?? process.cwd();
  const repo = await probeRepo(cwd);
  if (!repo?.head)
    throw new DocketError(
      `spawn --host needs a git repo with a commit (${cwd} is not one): the worker's baseline travels as a git bundle`,
    );
  const config = loadConfig(repo.root, env);

  // The local record first: it holds the label (w7 is global) while the remote starts.
  const status = withFleetSlot(home, config.worker.maxActive, (workers) =>
    writeStartingRecord(
      home,
      workers,
      {
        task,
        kind: req.kind ?? config.worker.defaultKind ?? "default",
        project: repo.root,
        workspace: {
          type: "worktree",
          path: `${host.name}:`,
          parentDir: cwd,
          repoRoot: repo.root,
          parentHead: repo.head,
        },
        depth: 0,
      },
      { host: { name: host.name } },
    ),
  );
  const paths = workerPaths(home, status.id);
  const ref = baselineRef(status.id);
  let asked = false;
  try {
    ensureDir(paths.dir);
    const b = await buildBaseline(repo, repo.head!, paths.dir);
    await git(["update-ref", ref, b.commit], { cwd: repo.root });
    const key = repoKey(repo.root);
    const have = await call(home, host, "have", { repo: key }, { env });
    const bundle = await createBundle(repo.root, ref, (have.result.tips as string[] | undefined) ?? []);
    asked = true;
    const { result } = await call(
      home,
      host,
      "spawn",
      {
        id: status.id,
        label: status.label,
        task,
        ...(req.kind ? { kind: req.kind } : {}),
        ...(req.model ? { model: req.model } : {}),
        ...(req.thinking ? { thinking: req.thinking } : {}),
        ...(req.budgetUsd !== undefined ? { budgetUsd: req.budgetUsd } : {}),
        repo: key,
        baseline: b.commit,
        bundleBytes: bundle.length,
      },
      { env, extra: bundle, timeoutMs: 180_000 },
    );
    const warnings = Array.isArray(result.warnings) ? result.warnings : [];
    for (const w of warnings) if (typeof w === "string") warn(`${host.name}: ${sanitizeLine(w)}`);
    const remote = checkStatusText(`${host.name}: spawn`, JSON.stringify(result.status));
    const local: WorkerStatus = {
      ...status,
      workspace: { ...status.workspace, baseline: b.commit, parentHashes: b.parentHashes },
    };
    const after = mirrorRecord(remote, local, host.name);
    writeJsonAtomic(paths.status, after, { mkdir: false });
    writeMirrorState(paths.dir, { host: host.name, fp: {} });
    announceChange(home, undefined, after, `spawned on ${host.name} as ${after.kind}`);
    await pullHost(home, host, env);
    ensureFollower(home, host.name, true);
    return readStatus(home, status.id);
  } catch (err) {
    // The remote may have started it even though its answer never came: no worker left running there.
    if (asked) await call(home, host, "delete", { id: status.id }, { env, timeoutMs: 30_000 }).catch(() => undefined);
    removeWorkerRecord(home, status.id);
    await gitTry(["update-ref", "-d", ref], { cwd: repo.root });
    throw err;
  }
}

/** tell on a remote worker: the remote's tell decides and its mailbox stamps the receipts. */
export async function tellRemote(
  home: string,
  w: WorkerStatus,
  text: string,
  opts: TellOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TellResult> {
  const host = hostOf(home, w);
  const { result } = await call(
    home,
    host,
    "tell",
    {
      id: w.id,
      text,
      ...(opts.question ? { q: opts.question } : {}),
      ...(opts.after ? { after: true } : {}),
      ...(opts.queue ? { queue: true } : {}),
    },
    { env },
  );
  // The person replied: not reviewed any more, here as there.
  updateStatus(home, w.id, (s) => {
    if (!s.reviewedAt) return undefined;
    const { reviewedAt: _r, ...rest } = s;
    return rest as WorkerStatus;
  });
  await pullHost(home, host, env);
  ensureFollower(home, host.name);
  // What the remote said, checked like any record: never printed or stored unchecked.
  const via = (["extension", "keys", "queued"] as const).find((v) => v === result.via);
  const message = ok(InboxMessage, result.message);
  if (!via || !message || !/^[A-Za-z0-9._-]{1,80}$/.test(message.id))
    throw new DocketError(`host ${host.name}: tell answered with a malformed receipt`);
  return { via, messageId: message.id, message, worker: readStatus(home, w.id) };
}

async function simple(home: string, w: WorkerStatus, op: "stop" | "respawn", env: NodeJS.ProcessEnv) {
  const host = hostOf(home, w);
  await call(home, host, op, { id: w.id }, { env, timeoutMs: 60_000 });
  await pullHost(home, host, env);
  if (op === "respawn") ensureFollower(home, host.name);
  return readStatus(home, w.id);
}

export function stopRemote(home: string, w: WorkerStatus, env: NodeJS.ProcessEnv = process.env) {
  return simple(home, w, "stop", env);
}

export function respawnRemote(home: string, w: WorkerStatus, env: NodeJS.ProcessEnv = process.env) {
  return simple(home, w, "respawn", env);
}

/** Delete on the remote (workspace, record), then the mirror and the baseline's ref here. */
export async function deleteRemote(home: string, w: WorkerStatus, env: NodeJS.ProcessEnv = process.env) {
  const host = hostOf(home, w);
  await call(home, host, "delete", { id: w.id }, { env, timeoutMs: 60_000 });
  await forgetMirror(home, w);
}

/** Drop the mirror of a remote worker here (its record and the baseline's ref), leaving the host alone. */
export async function forgetMirror(home: string, w: WorkerStatus): Promise<void> {
  removeWorkerRecord(home, w.id);
  if (w.workspace.repoRoot) await gitTry(["update-ref", "-d", baselineRef(w.id)], { cwd: w.workspace.repoRoot });
  rmSync(workerPaths(home, w.id).dir, { recursive: true, force: true });
}

/** The remote pane's visible text (peek), or undefined when its pane is gone or the host cannot be asked. */
export function captureRemote(home: string, w: WorkerStatus, ansi = true, env: NodeJS.ProcessEnv = process.env) {
  const host = hostOf(home, w);
  const r = callSync(home, host, "capture", { id: w.id, ansi }, { env, timeoutMs: 10_000 });
  return r && typeof r.text === "string" ? r.text : undefined;
}

/** The command that attaches a terminal to the worker's window on its host: `ssh -t … remote attach <id>`. */
export function remoteAttachArgv(home: string, w: WorkerStatus, env: NodeJS.ProcessEnv = process.env): string[] {
  return [sshBin(env), ...callArgv(home, hostOf(home, w), ["attach", w.id], env, true)];
}
