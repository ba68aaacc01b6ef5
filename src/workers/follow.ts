// The follower (docs/remote.md "Keeping up"): how a remote worker's state change reaches the status line
// within a moment without a daemon. While a host has live mirrored workers, one short-lived
// `docket hosts follow <name>` holds a `remote watch` stream open over the host's ssh master and applies
// each batch as it arrives. It dies with the connection (then marks the host unreachable and retries
// with backoff, resuming from the mirror's cursor), and exits once no mirrored worker there is live.
// spawn --host, tell and respawn on a remote worker, and the pull before ordinary commands, start it
// when it is not running; one per host.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { WorkerStatus } from "../core/schema.js";
import { RUNNING_STATES } from "../core/states.js";
import { pidAlive } from "../store/fsutil.js";
import { getHost, hostDir } from "../store/hosts.js";
import { spawnDocket } from "../store/detached.js";
import { listWorkers } from "../store/workers.js";
import { ensureMaster, HostUnreachable, type Line, markReach, stream } from "../remote/ssh.js";
import { applyDeltas, cursorOf } from "./mirror.js";

/** A mirrored worker that can still change by itself: running, or ready with its pi up. */
export function isLive(w: WorkerStatus): boolean {
  return RUNNING_STATES.includes(w.state) || (w.state === "ready" && !w.endedAt);
}

function pidFile(home: string, name: string): string {
  return join(hostDir(home, name), "follow.pid");
}

export function followerAlive(home: string, name: string): boolean {
  try {
    const pid = Number(readFileSync(pidFile(home, name), "utf8").trim());
    return pid > 0 && pidAlive(pid);
  } catch {
    return false;
  }
}

function kickFile(home: string, name: string): string {
  return join(hostDir(home, name), "follow.kick");
}

function kickedAt(home: string, name: string): number {
  try {
    return statSync(kickFile(home, name)).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Start the host's follower, detached, unless one runs; `kick`: the set of workers it follows changed
 * (a spawn), so a running follower restarts its stream with the new cursor. Never throws.
 */
export function ensureFollower(home: string, name: string, kick = false): void {
  try {
    if (kick) writeFileSync(kickFile(home, name), String(Date.now()), { mode: 0o600 });
  } catch {
    /* no host dir yet: the follower starting below reads the fleet anyway */
  }
  if (followerAlive(home, name)) return;
  spawnDocket(home, ["hosts", "follow", name]);
}

/** Take the host's follower slot; false when another follower holds it. */
function claim(home: string, name: string): boolean {
  const file = pidFile(home, name);
  mkdirSync(hostDir(home, name), { recursive: true, mode: 0o700 });
  for (let i = 0; i < 2; i++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") return false;
      if (followerAlive(home, name)) return false;
      rmSync(file, { force: true }); // its holder is gone
    }
  }
  return false;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stream that has said nothing for this long is dead (the remote ticks every few seconds). */
const SILENT_MS = 15_000;

export interface FollowOptions {
  env?: NodeJS.ProcessEnv;
  /** Stop after this long in all (tests; the follower otherwise ends when nothing is live). */
  maxMs?: number;
}

/** The follower's loop (`docket hosts follow <name>`). */
export async function follow(home: string, name: string, opts: FollowOptions = {}): Promise<void> {
  const env = opts.env ?? process.env;
  if (!claim(home, name)) return;
  const end = Date.now() + (opts.maxMs ?? Number.POSITIVE_INFINITY);
  let backoff = 1000;
  try {
    while (Date.now() < end) {
      let host: ReturnType<typeof getHost>;
      try {
        host = getHost(home, name);
      } catch {
        return; // removed meanwhile
      }
      const workers = listWorkers(home).workers.filter((w) => w.host?.name === name);
      if (!workers.some(isLive)) return;
      try {
        await ensureMaster(home, host, env);
      } catch (err) {
        if (!(err instanceof HostUnreachable)) throw err;
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 30_000);
        continue;
      }
      let batch: Line[] = [];
      let heard = Date.now();
      const kicked = kickedAt(home, name);
      let ticked = false;
      const s = stream(
        home,
        host,
        "watch",
        cursorOf(home, name),
        (l) => {
          heard = Date.now();
          if ("w" in l) batch.push(l);
          else if ("tick" in l || "end" in l) {
            if (!ticked) markReach(home, name, true);
            ticked = true;
            // A dropped batch: the remote's stream cursor ran ahead of the mirror; restart from the mirror's.
            if (batch.length && applyDeltas(home, name, batch).stale) s.stop();
            batch = [];
          }
        },
        env,
      );
      let checks = 0;
      const watchdog = setInterval(() => {
        if (Date.now() - heard > SILENT_MS || Date.now() > end || kickedAt(home, name) !== kicked) s.stop();
        // Nothing there can change by itself any more: the loop's check ends the follower.
        else if (++checks % 5 === 0 && !listWorkers(home).workers.some((w) => w.host?.name === name && isLive(w)))
          s.stop();
      }, 1000);
      const code = await s.done;
      clearInterval(watchdog);
      // Lines of a batch cut off by the drop are not applied: the cursor still points before them.
      // Ended by the remote (its time limit) or stopped by us for a kick: go on at once.
      if (code === 0 || kickedAt(home, name) !== kicked) {
        backoff = 1000;
        continue;
      }
      if (!ticked || code === 255) markReach(home, name, false, ticked ? "the connection dropped" : "no answer");
      await sleep(backoff);
      backoff = Math.min(backoff * 2, 30_000);
    }
  } finally {
    try {
      if (readFileSync(pidFile(home, name), "utf8").trim() === String(process.pid)) rmSync(pidFile(home, name));
    } catch {
      /* gone */
    }
  }
}
