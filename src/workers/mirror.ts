// The local mirror of remote workers (docs/remote.md): one pull per host brings what changed since the
// mirror's cursor (workers/serve.ts `collect`), and this applies it. Files are written only by name from
// the mirrored list, events are appended at exactly the offset the mirror had (else the batch is
// dropped and fetched again), and the record is rebuilt by core/mirror.ts. A state that changed is
// announced like a local one (views, status line, notification), once: the record changes once.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { arr, bool, FAIL, int, lastIssue, obj, opt, record, req, str } from "../core/check.js";
import { errorMessage } from "../core/errors.js";
import { mirrorRecord } from "../core/mirror.js";
import { sanitizeLine } from "../core/sanitize.js";
import type { WorkerStatus } from "../core/schema.js";
import { ensureDir, FILE_MODE, nowIso, writeFileAtomic, writeJsonAtomic } from "../store/fsutil.js";
import { type Host, hostDir, readHosts, readReach } from "../store/hosts.js";
import { ID_PATTERN, workerPaths } from "../store/layout.js";
import { withLockInDir } from "../store/lock.js";
import { eventsCursor, isMirrored, readMirrorState, writeMirrorState } from "../store/mirror.js";
import { checkStatusText } from "../store/status-record.js";
import { allocateIndex, listWorkers } from "../store/workers.js";
import { call, HostUnreachable, type Line } from "../remote/ssh.js";
import { patchFiles } from "../git/changeset.js";
import { announceChange, transition } from "./transition.js";
import { vanished } from "../core/lifecycle.js";
import { RUNNING_STATES } from "../core/states.js";

const Delta = obj({
  w: req(str),
  gone: opt(bool),
  child: opt(str),
  files: opt(record(str)),
  removed: opt(arr(str)),
  fp: opt(record(str)),
  events: opt(obj({ from: req(int(0)), text: req(str), reset: opt(bool) })),
});

export interface Applied {
  /** Labels whose record changed. */
  changed: string[];
  /** A batch of events did not start at the mirror's length and was dropped: pull again from the cursor. */
  stale?: boolean;
  /** One line per thing that could not be taken (a remote record that does not parse, a bad name…). */
  problems: string[];
}

/** The cursor of every worker mirrored from `host`: the remote asks no more than this. */
export function cursorOf(home: string, host: string, workers = listWorkers(home).workers) {
  const mine = workers.filter((w) => w.host?.name === host);
  const at: Record<string, { events: number; fp: Record<string, string> }> = {};
  for (const w of mine) {
    const p = workerPaths(home, w.id);
    at[w.id] = { events: eventsCursor(p.events), fp: readMirrorState(p.dir)?.fp ?? {} };
  }
  return { ids: mine.map((w) => w.id), at };
}

function problemsFile(home: string, host: string): string {
  return join(hostDir(home, host), "problems.json");
}

function readProblemMap(home: string, host: string): Record<string, string> {
  try {
    const v = JSON.parse(readFileSync(problemsFile(home, host), "utf8")) as unknown;
    return v && typeof v === "object" ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** What pulls from `host` could not take, one line per worker, until a good copy arrives. */
export function readProblems(home: string, host: string): string[] {
  return Object.values(readProblemMap(home, host)).filter((p) => typeof p === "string");
}

/** Apply one pull's lines. Never throws for a bad line: it is named in `problems` and left alone. */
export function applyDeltas(home: string, host: string, lines: Line[]): Applied {
  const out = applyLines(home, host, lines);
  try {
    const map = readProblemMap(home, host);
    const before = JSON.stringify(map);
    for (const id of out.took) delete map[id];
    Object.assign(map, out.byId);
    if (JSON.stringify(map) !== before) {
      if (Object.keys(map).length) writeJsonAtomic(problemsFile(home, host), map);
      else rmSync(problemsFile(home, host), { force: true });
    }
  } catch {
    /* the report is advisory */
  }
  return { changed: out.changed, problems: out.problems, ...(out.stale ? { stale: true } : {}) };
}

function applyLines(
  home: string,
  host: string,
  lines: Line[],
): Applied & { took: string[]; byId: Record<string, string>; stale: boolean } {
  const out = {
    changed: [] as string[],
    problems: [] as string[],
    took: [] as string[],
    byId: {} as Record<string, string>,
    stale: false,
  };
  for (const line of lines) {
    if (!("w" in line)) continue;
    const d = Delta(line);
    if (d === FAIL) {
      out.problems.push(`host ${host}: a pulled line is malformed (${lastIssue()})`);
      continue;
    }
    if (!ID_PATTERN.test(d.w)) {
      out.problems.push(`host ${host}: pulled a worker with a malformed id`);
      continue;
    }
    try {
      const { label, stale } = applyOne(home, host, d);
      if (label) out.changed.push(label);
      if (stale) out.stale = true;
      if (d.files?.["status.json"] !== undefined || d.gone) out.took.push(d.w); // a good record clears it
    } catch (err) {
      const why = sanitizeLine(errorMessage(err));
      out.problems.push(why);
      out.byId[d.w] = why;
    }
  }
  return out;
}

type D = Exclude<ReturnType<typeof Delta>, typeof FAIL>;

/** A line may only touch a record this machine mirrors from that very host. */
function notOurs(host: string, id: string): Error {
  return new Error(`host ${host}: sent a record for ${id}, which is not one of its workers here: not taken`);
}

function mirroredFrom(home: string, id: string): string | undefined {
  try {
    return checkStatusText(id, readFileSync(workerPaths(home, id).status, "utf8")).host?.name;
  } catch {
    return undefined;
  }
}

/**
 * The change sets of a mirrored record, made true here: patch names are docket's own (no path from the
 * remote is ever opened), and each version's files are what git reads in its patch, not the remote's list.
 */
function trustChangeSets(dir: string, s: WorkerStatus): WorkerStatus {
  const files = (name: string) => {
    try {
      return patchFiles(join(dir, name));
    } catch {
      return [];
    }
  };
  if (s.changeSet) s.changeSet = { ...s.changeSet, patch: "changeset.patch", files: files("changeset.patch") };
  if (s.changeSets)
    s.changeSets = s.changeSets
      .filter((v) => v.patch === `changeset.v${v.version}.patch`)
      .map((v) => ({ ...v, files: files(v.patch) }));
  return s;
}

function applyOne(home: string, host: string, d: D): { label?: string; stale?: boolean } {
  const p = workerPaths(home, d.w);
  const owner = existsSync(p.status) ? mirroredFrom(home, d.w) : undefined;
  if (existsSync(p.status) && owner !== host) throw notOurs(host, d.w);
  if (d.gone) {
    // Deleted on the remote (by hand, or its prune): a running mirror says so rather than vanishing.
    if (!existsSync(p.status)) return {};
    const why = `its record is gone from host ${host}`;
    const label = transition(home, d.w, why, (s) =>
      RUNNING_STATES.includes(s.state) ? vanished(s, why, nowIso()) : undefined,
    )?.after.label;
    return label ? { label } : {};
  }
  if (!existsSync(p.status)) {
    if (!d.child) return {}; // not ours (deleted here meanwhile)
    adoptChild(home, host, d);
  }
  let before: WorkerStatus | undefined;
  let after: WorkerStatus | undefined;
  let stale = false;
  withLockInDir(
    p.lock,
    () => {
      const local = checkStatusText(p.status, readFileSync(p.status, "utf8"));
      const files = d.files ?? {};
      // Check the remote record before writing anything: a garbage status.json is named, not taken.
      let remote: WorkerStatus | undefined;
      if (files["status.json"] !== undefined) {
        try {
          remote = checkStatusText(`${host}:${d.w}/status.json`, files["status.json"]);
        } catch (err) {
          throw new Error(`host ${host}: ${local.label}: ${errorMessage(err)}`);
        }
      }
      for (const [name, text] of Object.entries(files)) {
        if (name === "status.json" || !isMirrored(name)) continue;
        const file = join(p.dir, name);
        if (name.startsWith("inbox/")) mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
        writeFileAtomic(file, text, { mkdir: false });
      }
      for (const name of d.removed ?? [])
        if (isMirrored(name) && name !== "status.json") rmSync(join(p.dir, name), { force: true });
      if (d.events && !appendEvents(p.events, d.events)) stale = true;
      if (remote) {
        before = local;
        after = trustChangeSets(p.dir, mirrorRecord(remote, local, host));
        writeJsonAtomic(p.status, after, { mkdir: false });
      }
      const state = readMirrorState(p.dir);
      writeMirrorState(p.dir, { host, fp: d.fp ?? state?.fp ?? {}, pulledAt: nowIso() });
    },
    () => new Error(`unknown worker: ${d.w}`),
  );
  if (before && after) announceChange(home, before, after, "remote");
  return { ...(before && after ? { label: after.label } : {}), ...(stale ? { stale } : {}) };
}

/** Append events only at the mirror's own length; a batch that does not start there is dropped (false). */
function appendEvents(file: string, ev: { from: number; text: string; reset?: boolean }): boolean {
  if (ev.reset) {
    if (existsSync(file)) renameSync(file, `${file}.1`);
  } else {
    const size = existsSync(file) ? statSync(file).size : 0;
    if (size !== ev.from) return false; // a stale batch: the next pull starts from what is really here
  }
  if (ev.text) appendFileSync(file, ev.text, { mode: FILE_MODE });
  return true;
}

/** A worker a mirrored worker spawned on the remote: a new local record with its own label. */
function adoptChild(home: string, host: string, d: D): void {
  const raw = d.files?.["status.json"];
  if (!raw) return;
  const remote = checkStatusText(`${host}:${d.w}/status.json`, raw);
  // Only a child of a worker this host runs for us; anything else the remote claims is not taken.
  const parentLocal = listWorkers(home).workers.find((w) => w.id === d.child);
  if (!parentLocal || parentLocal.host?.name !== host) throw notOurs(host, d.w);
  const index = allocateIndex(home);
  const local: WorkerStatus = {
    ...remote,
    label: `w${index}`,
    index,
    project: parentLocal.project,
    workspace: { ...parentLocal.workspace, path: remote.workspace.path, baseline: remote.workspace.baseline },
    tmux: { session: parentLocal.tmux.session, windowName: `w${index}` },
  };
  const p = workerPaths(home, d.w);
  ensureDir(p.dir);
  writeJsonAtomic(p.status, mirrorRecord(remote, local, host));
  writeMirrorState(p.dir, { host, fp: {} });
}

export interface PullReport extends Applied {
  host: string;
  /** Why the host could not be asked (unreachable, or its docket failed). */
  error?: string;
}

/** One pull from one host, applied. Never throws: an unreachable host is in `error` and marked. */
export async function pullHost(
  home: string,
  host: Host,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 20_000,
): Promise<PullReport> {
  const cursor = cursorOf(home, host.name);
  if (!cursor.ids.length) return { host: host.name, changed: [], problems: [] };
  try {
    const { lines } = await call(home, host, "pull", cursor, { env, timeoutMs });
    return { host: host.name, ...applyDeltas(home, host.name, lines) };
  } catch (err) {
    return {
      host: host.name,
      changed: [],
      problems: [],
      error: err instanceof HostUnreachable ? err.message : errorMessage(err),
    };
  }
}

/** Pull every host that has a mirrored worker (ordinary commands do this before they read the fleet). */
export async function pullAll(
  home: string,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 20_000,
): Promise<PullReport[]> {
  const workers = listWorkers(home).workers;
  const names = new Set(workers.map((w) => w.host?.name).filter((n): n is string => !!n));
  if (!names.size) return [];
  const hosts = readHosts(home).filter((h) => names.has(h.name));
  return Promise.all(hosts.map((h) => pullHost(home, h, env, timeoutMs)));
}

/**
 * What ordinary commands run before they read the fleet: for each host with mirrored workers whose
 * follower is not running, one pull (bounded, so a host that does not answer costs a few seconds at
 * most and is marked), then a follower if something there is still live. Never throws.
 */
export async function syncRemotes(home: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  try {
    const { followerAlive, ensureFollower, isLive } = await import("./follow.js");
    const workers = listWorkers(home).workers.filter((w) => w.host);
    const all = [...new Set(workers.map((w) => w.host!.name))];
    // Only hosts with something that can still change, no follower on them, and not marked unreachable
    // in the last 30 s (the follower retries those): a host that is down must not stall every command.
    const live = new Set(workers.filter(isLive).map((w) => w.host!.name));
    const recentlyDown = (n: string) => {
      const r = readReach(home, n);
      return r?.ok === false && Date.now() - Date.parse(r.at) < 30_000;
    };
    const names = all.filter((n) => live.has(n) && !followerAlive(home, n) && !recentlyDown(n));
    const problems = () => all.flatMap((n) => readProblems(home, n));
    if (!names.length) return problems();
    const hosts = readHosts(home).filter((h) => names.includes(h.name));
    await Promise.all(
      hosts.map(async (h) => {
        await pullHost(home, h, env, 5000);
        // Reached or not: the follower keeps at it in the background (backoff), so no command waits.
        if (listWorkers(home).workers.some((w) => w.host?.name === h.name && isLive(w))) ensureFollower(home, h.name);
      }),
    );
    return problems();
  } catch {
    return []; // the mirror stays as it was; the next command tries again
  }
}
