// The remote end of a remote worker (docs/remote.md): `docket remote <op>` on the machine the worker runs
// on, reached over ssh. Each op takes one JSON request (checked here: it came over the network) and
// answers with JSON lines, the last one `{"ok":true,…}` or `{"error":"…"}`. It works on this machine's
// own store with the ordinary services: spawn, tell, stop, respawn, delete; `pull` and `watch` hand
// back what changed in the records the person's mirror holds.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { arr, bool, int, num, obj, opt, record, req, str } from "../core/check.js";
import { docketHome } from "../core/env.js";
import { DocketError } from "../core/errors.js";
import { parseValue } from "../core/parse.js";
import type { WorkerStatus } from "../core/schema.js";
import { gitTry } from "../git/git.js";
import { baselineRef, receiveBundle, tips } from "../git/ship.js";
import { ID_PATTERN, workerPaths } from "../store/layout.js";
import { fingerprint, mirroredNames, wholeLinesFrom } from "../store/mirror.js";
import { packageRoot, packageVersion } from "../store/paths.js";
import { listWorkers, readStatus } from "../store/workers.js";
import { tmuxTry } from "../tmux/runner.js";
import { socketEnv } from "./window.js";

export type Emit = (line: object) => void;

const Id = str;
const REPO_KEY = /^[A-Za-z0-9._-]{1,80}$/;

function checkId(id: string): string {
  if (!ID_PATTERN.test(id)) throw new DocketError(`malformed worker id ${JSON.stringify(id)}`);
  return id;
}

function workerById(home: string, id: string): WorkerStatus {
  checkId(id);
  try {
    return readStatus(home, id);
  } catch (err) {
    if (err instanceof DocketError) throw err;
    throw new DocketError(`unknown worker ${id}`);
  }
}

function repoDir(home: string, key: string): string {
  if (!REPO_KEY.test(key)) throw new DocketError(`malformed repo key ${JSON.stringify(key)}`);
  return join(home, "repos", `${key}.git`);
}

// ---- pull: what changed since the mirror's cursor ------------------------------------------------

const Cursor = obj({
  ids: req(arr(Id)),
  at: opt(record(obj({ events: req(int(0)), fp: opt(record(str)) }))),
});
type Cursor = ReturnType<typeof parseCursor>;
function parseCursor(v: unknown) {
  return parseValue(Cursor, "pull request", v);
}

/** One worker's changes: changed files whole, new events from the cursor, or that it is gone. */
export interface WorkerDelta {
  w: string;
  gone?: true;
  /** A worker its mirrored parent spawned here (docket_spawn_child): the mirror adds it. */
  child?: string;
  files?: Record<string, string>;
  removed?: string[];
  fp?: Record<string, string>;
  events?: { from: number; text: string; reset?: true };
}

/**
 * The deltas for every worker in the cursor, plus (with `children`) children of theirs the cursor does
 * not know yet: that needs every record read, so the watch loop asks for it only now and then.
 */
export function collect(home: string, cursor: Cursor, children = true): WorkerDelta[] {
  const out: WorkerDelta[] = [];
  const ids = new Set(cursor.ids.filter((id) => ID_PATTERN.test(id)));
  const kids = children
    ? listWorkers(home).workers.filter((w) => w.parentId && ids.has(w.parentId) && !ids.has(w.id))
    : [];
  for (const c of kids) ids.add(c.id);
  for (const id of ids) {
    const paths = workerPaths(home, id);
    const known = cursor.at?.[id];
    const fpBefore = known?.fp ?? {};
    if (!fingerprint(paths.status)) {
      out.push({ w: id, gone: true });
      continue;
    }
    const d: WorkerDelta = { w: id };
    const child = kids.find((c) => c.id === id);
    if (child?.parentId) d.child = child.parentId;
    const fp: Record<string, string> = {};
    const files: Record<string, string> = {};
    for (const name of mirroredNames(paths.dir)) {
      const f = fingerprint(join(paths.dir, name));
      if (!f) continue;
      fp[name] = f;
      if (fpBefore[name] === f) continue;
      try {
        files[name] = readFileSync(join(paths.dir, name), "utf8");
      } catch {
        delete fp[name]; // removed meanwhile: the next pull says so
      }
    }
    const removed = Object.keys(fpBefore).filter((n) => !(n in fp));
    const ev = wholeLinesFrom(paths.events, known?.events ?? 0);
    if (Object.keys(files).length) d.files = files;
    if (removed.length) d.removed = removed;
    if (ev)
      d.events = { from: ev.reset ? 0 : (known?.events ?? 0), text: ev.text, ...(ev.reset ? { reset: true } : {}) };
    if (d.files || d.removed || d.events || d.child) {
      d.fp = fp;
      out.push(d);
    } else if (!known) out.push({ ...d, fp });
  }
  return out;
}

/** Advance a cursor past deltas that were sent (the watch loop's own copy; the mirror keeps the truth). */
function advance(cursor: Cursor, deltas: WorkerDelta[]): void {
  cursor.at ??= {};
  for (const d of deltas) {
    if (d.gone) {
      cursor.ids = cursor.ids.filter((i) => i !== d.w);
      delete cursor.at[d.w];
      continue;
    }
    if (!cursor.ids.includes(d.w)) cursor.ids.push(d.w);
    const prev = cursor.at[d.w] ?? { events: 0 };
    const events = d.events ? d.events.from + Buffer.byteLength(d.events.text) : prev.events;
    cursor.at[d.w] = { events, fp: d.fp ?? prev.fp ?? {} };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Stream deltas as they happen until stdin closes (the connection or the follower went away), the
 * watched workers are all gone, or `maxMs` passed (the follower then starts a new one from its cursor).
 * A `{"tick":…}` line every few seconds lets the follower tell a quiet stream from a dead one.
 */
export async function watch(home: string, request: unknown, emit: Emit, closed: () => boolean, maxMs = 600_000) {
  const cursor = parseCursor(request);
  const end = Date.now() + maxMs;
  let lastTick = 0;
  for (let round = 0; !closed() && Date.now() < end; round++) {
    const deltas = collect(home, cursor, round % 10 === 0);
    for (const d of deltas) emit(d);
    advance(cursor, deltas);
    if (deltas.length || Date.now() - lastTick > 3000) {
      emit({ tick: new Date().toISOString() });
      lastTick = Date.now();
    }
    if (!cursor.ids.length) break;
    await sleep(200);
  }
  emit({ ok: true, end: true });
}

// ---- the ops ---------------------------------------------------------------------------------------

const SpawnReq = obj({
  id: req(Id),
  label: opt(str),
  task: req(str),
  kind: opt(str),
  model: opt(str),
  thinking: opt(str),
  budgetUsd: opt(num),
  repo: req(str),
  baseline: req(str),
  bundleBytes: req(int(0)),
});
const TellReq = obj({ id: req(Id), text: req(str), q: opt(int(1)), after: opt(bool), queue: opt(bool) });
const IdReq = obj({ id: req(Id) });
const CaptureReq = obj({ id: req(Id), ansi: opt(bool) });
const RepoReq = obj({ repo: req(str) });

/** Run one op. `extra` holds the bytes after the request line (spawn's bundle). */
export async function serveOp(
  op: string,
  request: unknown,
  extra: Buffer,
  emit: Emit,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const home = docketHome(env);
  switch (op) {
    case "hello": {
      const { runRemoteChecks } = await import("../tmux/doctor.js");
      emit({ ok: true, docket: packageVersion() ?? "?", home, checks: runRemoteChecks(packageRoot(), env) });
      return;
    }
    case "have": {
      const r = parseValue(RepoReq, "have request", request);
      emit({ ok: true, tips: await tips(repoDir(home, r.repo)) });
      return;
    }
    case "spawn": {
      const r = parseValue(SpawnReq, "spawn request", request);
      checkId(r.id);
      if (extra.length !== r.bundleBytes)
        throw new DocketError(`spawn: the bundle is ${extra.length} bytes, not ${r.bundleBytes} (cut in transit?)`);
      const bare = repoDir(home, r.repo);
      await receiveBundle(bare, extra, baselineRef(r.id), r.baseline);
      const { spawnWorker } = await import("./spawn.js");
      const warnings: string[] = [];
      const s = await spawnWorker({
        task: r.task,
        id: r.id,
        checkout: { repo: bare, commit: r.baseline },
        seed: false,
        ...(r.kind ? { kind: r.kind } : {}),
        ...(r.model ? { model: r.model } : {}),
        ...(r.thinking ? { thinking: r.thinking } : {}),
        ...(r.budgetUsd !== undefined ? { budgetUsd: r.budgetUsd } : {}),
        cwd: bare,
        env,
        warn: (l) => warnings.push(l),
      });
      emit({ ok: true, status: s, warnings });
      return;
    }
    case "pull": {
      for (const d of collect(home, parseCursor(request))) emit(d);
      emit({ ok: true, at: new Date().toISOString() });
      return;
    }
    case "tell": {
      const r = parseValue(TellReq, "tell request", request);
      const { tellWorker } = await import("./tell.js");
      const res = await tellWorker(
        home,
        workerById(home, r.id),
        r.text,
        { ...(r.q ? { question: r.q } : {}), ...(r.after ? { after: true } : {}), ...(r.queue ? { queue: true } : {}) },
        env,
      );
      emit({ ok: true, via: res.via, messageId: res.messageId, message: res.message });
      return;
    }
    case "stop": {
      const r = parseValue(IdReq, "stop request", request);
      const { stopWorker } = await import("./stop.js");
      emit({ ok: true, status: await stopWorker(home, workerById(home, r.id), env) });
      return;
    }
    case "respawn": {
      const r = parseValue(IdReq, "respawn request", request);
      const { respawnWorker } = await import("./respawn.js");
      emit({ ok: true, status: await respawnWorker(home, workerById(home, r.id), env) });
      return;
    }
    case "delete": {
      const r = parseValue(IdReq, "delete request", request);
      checkId(r.id);
      const { deleteWorker } = await import("./stop.js");
      let removed: string[] = [];
      try {
        const w = workerById(home, r.id);
        removed = await deleteWorker(home, w, env);
        // The baseline shipped for it stays referenced only while the worker exists.
        if (w.workspace.repoRoot) await gitTry(["update-ref", "-d", baselineRef(r.id)], { cwd: w.workspace.repoRoot });
      } catch (err) {
        if (!/unknown worker/.test((err as Error).message)) throw err;
      }
      emit({ ok: true, removed });
      return;
    }
    case "capture": {
      const r = parseValue(CaptureReq, "capture request", request);
      const w = workerById(home, r.id);
      const target = w.tmux.paneId;
      const res = target
        ? await tmuxTry(["capture-pane", "-p", ...(r.ansi ? ["-e"] : []), "-t", target], {
            env: socketEnv(w.tmux.socket, env),
          })
        : undefined;
      emit({ ok: true, ...(res && res.exitCode === 0 ? { text: res.stdout } : { gone: true }) });
      return;
    }
    default:
      throw new DocketError(`unknown remote op ${JSON.stringify(op)}`);
  }
}

/** The worker's tmux target for `remote attach` (run with a terminal; see cli/remote.ts). */
export function attachTarget(
  id: string,
  env: NodeJS.ProcessEnv = process.env,
): { args: string[]; env: NodeJS.ProcessEnv } {
  const w = workerById(docketHome(env), id);
  if (!w.tmux.windowId && !w.tmux.paneId) throw new DocketError(`${w.label} has no window to attach to`);
  const tenv = socketEnv(w.tmux.socket, env);
  // Select the worker's window, then attach to its session: a command list (`;` as its own word).
  return {
    args: ["select-window", "-t", w.tmux.windowId ?? w.tmux.paneId!, ";", "attach-session", "-t", w.tmux.session],
    env: tenv,
  };
}
