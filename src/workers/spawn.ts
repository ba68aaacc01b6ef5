// Spawn a worker (docs/contract.md, "Fleet"): kind → cap → label → workspace → task.md/status.json →
// launch.json → window.
import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfig } from "../core/config.js";
import { docketHome } from "../core/env.js";
import { DocketError } from "../core/errors.js";
import { loadKinds, resolveKind, type Kind } from "../core/kinds.js";
import { isThinkingLevel, THINKING_LEVELS } from "../core/models.js";
import type { Plan, WorkerStatus, Workspace } from "../core/schema.js";
import { ensureDir, FILE_MODE } from "../store/fsutil.js";
import { ID_PATTERN, workerPaths } from "../store/layout.js";
import { holdViewRefresh } from "../store/views.js";
import { readStatus, removeWorkerRecord, updateStatus } from "../store/workers.js";
import { tmuxTry } from "../tmux/runner.js";
import { probeRepo } from "../git/git.js";
import { checkoutWorkspace, createWorkspace, removeWorkspace, workspaceCwd } from "../git/workspace.js";
import { firstPrompt, renderTaskMd } from "./brief.js";
import { FleetFullError, withFleetSlot, writeStartingRecord } from "./fleet.js";
import { announceChange } from "./transition.js";
import { traced, tracedSync, traceNow, traceSince } from "../core/trace.js";
import { checkNamedModel } from "./models.js";
import { latestSessionFile, piArgv, piSessionsDirFor, resolvePi, writeLaunch } from "./launch.js";
import { reconcileFleet } from "./reconcile.js";
import { openWorkerWindow, socketEnv } from "./window.js";

export interface SpawnRequest {
  task: string;
  kind?: string;
  /** true: --seed, false: --fresh, undefined: the kind decides. */
  seed?: boolean;
  /** Explicit pi session file to fork with --seed. */
  seedSession?: string;
  /** Force an isolated workspace even for a read-only kind. */
  worktree?: boolean;
  model?: string;
  /** pi's --thinking level (one of THINKING_LEVELS). */
  thinking?: string;
  /** An implementer's accepted plan and the architect it came from (verdict Implement). */
  plan?: Plan;
  planFrom?: string;
  /** Spend limit in USD for this worker (overrides worker.budgetUsd). */
  budgetUsd?: number;
  /** Id of the spawning worker (docket_spawn_child). */
  parent?: string;
  /** The remote end of `spawn --host`: the id the person's machine chose, and the baseline commit to
   *  check out from the bare repo it was shipped into (git/ship.ts). */
  id?: string;
  checkout?: { repo: string; commit: string };
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Warnings for the person (unknown kind, skipped kind files, no session to seed). */
  warn?: (line: string) => void;
}

/** What every spawn refuses before anything is created (here and on another host). */
export function checkRequest(req: Pick<SpawnRequest, "task" | "thinking">): void {
  if (!req.task.trim()) throw new DocketError("empty task: say what the worker should do");
  if (req.thinking !== undefined && !isThinkingLevel(req.thinking))
    throw new DocketError(`--thinking takes one of ${THINKING_LEVELS.join(", ")}, not ${JSON.stringify(req.thinking)}`);
}

/** Env a worker window gets with `new-window -e` (never via new-session). */
export function workerEnv(id: string, home: string, env: NodeJS.ProcessEnv): Record<string, string> {
  // Absolute: the window's cwd is the workspace, so a relative store path would point elsewhere.
  const out: Record<string, string> = { DOCKET_WORKER_ID: id, DOCKET_HOME: resolve(home) };
  for (const k of ["DOCKET_TMUX_SOCKET", "DOCKET_PI", "PI_CODING_AGENT_DIR", "PI_OFFLINE"]) {
    const v = env[k];
    if (v) out[k] = v;
  }
  return out;
}

function childCheck(
  parent: WorkerStatus,
  parentKind: Kind,
  asked: string | undefined,
  kinds: Map<string, Kind>,
  maxDepth: number,
): Kind {
  if (!asked)
    throw new DocketError(
      `a child worker needs --as <kind> (${parent.label} may spawn: ${parentKind.childKinds.join(", ") || "none"})`,
    );
  if (!parentKind.childKinds.includes(asked)) {
    throw new DocketError(
      `kind "${asked}" is not allowed for children of ${parent.label} ` +
        `(kind ${parentKind.name} may spawn: ${parentKind.childKinds.join(", ") || "none"})`,
    );
  }
  if (parent.depth + 1 > maxDepth) {
    throw new DocketError(
      `spawn depth limit: ${parent.label} is at depth ${parent.depth}; worker.maxSpawnDepth is ${maxDepth}`,
    );
  }
  const kind = kinds.get(asked);
  if (!kind) throw new DocketError(`unknown kind "${asked}" for a child of ${parent.label}`);
  return kind;
}

async function originSession(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (!env.TMUX || !env.TMUX_PANE || env.DOCKET_TMUX_SOCKET) return undefined;
  const r = await tmuxTry(["display-message", "-p", "-t", env.TMUX_PANE, "#{session_name}"], { env });
  return r.exitCode === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

export async function spawnWorker(req: SpawnRequest): Promise<WorkerStatus> {
  // Spawn writes the record four times: one inbox-view refresh at the end, not a refresher started
  // mid-spawn that competes with git for the CPU.
  const release = holdViewRefresh(resolve(docketHome(req.env ?? process.env)));
  try {
    return await spawnHeld(req);
  } finally {
    release();
  }
}

async function spawnHeld(req: SpawnRequest): Promise<WorkerStatus> {
  const env = req.env ?? process.env;
  traceSince("spawn: start (module loading before this)", 0);
  const t0 = traceNow();
  const warn = req.warn ?? ((l: string) => process.stderr.write(`docket: warning: ${l}\n`));
  const home = resolve(docketHome(env));
  const task = req.task;
  checkRequest(req);

  const parent = req.parent ? readStatus(home, req.parent) : undefined;
  const cwd = req.checkout?.repo ?? (parent ? workspaceCwd(parent.workspace) : (req.cwd ?? process.cwd()));
  if (req.id !== undefined && (!ID_PATTERN.test(req.id) || existsSync(workerPaths(home, req.id).dir)))
    throw new DocketError(`worker id ${JSON.stringify(req.id)} is malformed or taken`);
  // One rev-parse serves the project (config, kinds) and the workspace below; the origin session
  // (a tmux call, only inside tmux) is independent of it.
  const [probed, origin] = await Promise.all([req.checkout ? undefined : probeRepo(cwd), originSession(env)]);
  const repo = probed ?? null;
  const project = parent ? parent.project : (repo?.root ?? cwd);
  const config = loadConfig(project, env);
  const kindSet = loadKinds(home, project);
  kindSet.problems.forEach(warn);

  let kind: Kind;
  if (parent) {
    const parentKind =
      kindSet.kinds.get(parent.kind) ?? resolveKind(kindSet, undefined, config.worker.defaultKind).kind;
    kind = childCheck(parent, parentKind, req.kind, kindSet.kinds, config.worker.maxSpawnDepth);
  } else {
    const r = resolveKind(kindSet, req.kind, config.worker.defaultKind);
    if (r.warning) warn(r.warning);
    kind = r.kind;
  }
  const pi = resolvePi(env);
  // A model named for this spawn (--model, or the kind's) must be one pi knows: checked before
  // anything is created. worker.model is doctor's to check, so a plain spawn never lists models.
  const named = req.model ?? kind.model;
  if (named) tracedSync("spawn: model check", () => checkNamedModel(home, pi, named, env, warn));
  traceSince("spawn: prepare (config, kinds, pi)", t0);

  // Reserve: cap check + index + a starting record, all under the store-wide lock. Only a full fleet
  // needs the records checked against tmux first (a dead worker must not hold a slot): then
  // reconcile and try once more.
  const reserve = (workers: WorkerStatus[]): WorkerStatus =>
    writeStartingRecord(
      home,
      workers,
      {
        ...(req.id ? { id: req.id } : {}),
        task,
        kind: kind.name,
        project,
        workspace: { type: "parent", path: cwd, parentDir: cwd },
        depth: parent ? parent.depth + 1 : 0,
        ...(origin ? { originSession: origin } : {}),
      },
      {
        ...(parent ? { parentId: parent.id } : {}),
        childKinds: kind.childKinds,
        ...(req.thinking ? { thinking: req.thinking } : {}),
        ...(req.plan ? { plan: req.plan } : {}),
        ...(req.planFrom ? { planFrom: req.planFrom } : {}),
        ...((req.budgetUsd ?? config.worker.budgetUsd) !== undefined
          ? { budgetUsd: req.budgetUsd ?? config.worker.budgetUsd }
          : {}),
      },
    );
  const t1 = traceNow();
  let status: WorkerStatus;
  try {
    status = withFleetSlot(home, config.worker.maxActive, reserve);
  } catch (err) {
    if (!(err instanceof FleetFullError)) throw err;
    await traced("spawn: reconcile (fleet full)", () => reconcileFleet(home, env));
    status = withFleetSlot(home, config.worker.maxActive, reserve);
  }
  traceSince("spawn: records (cap check, index, status.json)", t1);

  const paths = workerPaths(home, status.id);
  let workspace: Workspace | undefined;
  try {
    const checkout = req.checkout;
    workspace = await traced("spawn: workspace", () =>
      checkout
        ? checkoutWorkspace(checkout.repo, checkout.commit, paths.workspace)
        : createWorkspace({ parentDir: cwd, dest: paths.workspace, writable: kind.writable || !!req.worktree, repo }),
    );
    const t2 = traceNow();
    const startIn = workspaceCwd(workspace);
    ensureDir(paths.inbox);
    ensureDir(paths.session);
    writeFileSync(
      paths.task,
      renderTaskMd({
        label: status.label,
        id: status.id,
        task,
        kind,
        workspace,
        cwd: startIn,
        depth: status.depth,
        maxDepth: config.worker.maxSpawnDepth,
        parentLabel: parent?.label,
      }),
      { mode: FILE_MODE },
    );

    const wantSeed = req.seed ?? kind.session === "full";
    let seedFile: string | undefined;
    if (wantSeed) {
      seedFile = req.seedSession ?? latestSessionFile(piSessionsDirFor(cwd, env));
      if (!seedFile) warn(`--seed: no pi session known for ${cwd}; starting fresh`);
    }
    const model = req.model ?? kind.model ?? config.worker.model;
    const argv = piArgv({
      pi,
      sessionDir: paths.session,
      model,
      thinking: req.thinking,
      prompt: firstPrompt(task, paths.task),
      ...(seedFile ? { session: { mode: "fork" as const, file: seedFile } } : {}),
    });
    writeLaunch(paths.dir, { argv, cwd: startIn });
    updateStatus(home, status.id, (s) => ({
      ...s,
      workspace: workspace!,
      ...(model ? { model } : {}),
      ...(seedFile ? { seedSession: seedFile } : {}),
    }));
    traceSince("spawn: records (task.md, launch.json, status.json)", t2);

    const win = await traced("spawn: window", () =>
      openWorkerWindow(
        {
          id: status.id,
          windowName: status.label,
          cwd: startIn,
          workerDir: paths.dir,
          home,
          state: "starting",
          env: workerEnv(status.id, home, env),
        },
        env,
      ),
    );
    const t3 = traceNow();
    const after = updateStatus(home, status.id, (s) => ({
      ...s,
      tmux: { ...s.tmux, windowId: win.windowId, paneId: win.paneId, socket: win.socket },
    }));
    announceChange(home, undefined, after, `spawned as ${kind.name}`);
    traceSince("spawn: announce (status.json, event, status line)", t3);
    traceSince("spawn: total after module loading", t0);
    return after;
  } catch (err) {
    // Leave nothing half-made behind: no workspace, no record.
    if (workspace) await removeWorkspace(workspace).catch(() => undefined);
    removeWorkerRecord(home, status.id);
    throw err;
  }
}

/** For callers that only know the socket of an existing worker. */
export { socketEnv };
