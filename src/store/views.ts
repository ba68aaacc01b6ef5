// Keeping pre-rendered inbox views (<home>/views, see fast/first-paint.cts) current: whoever changes
// what an inbox shows asks for a refresh, and a detached `docket views refresh` rebuilds the stale
// ones, so the next inbox key paints from a view. Node built-ins only (the worker extension calls
// this); never throws; nothing happens until someone has opened an inbox (no views directory).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { viewsDir } from "../fast/first-paint.cjs";

/** At most one refresher per home per this gap from one process; later asks fold into a trailing one. */
const GAP_MS = 2_000;
const lastSpawn = new Map<string, number>();
const trailing = new Map<string, NodeJS.Timeout>();
const ENTRY = fileURLToPath(new URL("../fast/entry.cjs", import.meta.url));

function spawnRefresher(home: string): void {
  lastSpawn.set(home, Date.now());
  try {
    const child = spawn(process.execPath, [ENTRY, "views", "refresh"], { detached: true, stdio: "ignore", env: { ...process.env, DOCKET_HOME: home } });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    /* out of processes: the next inbox renders from the store */
  }
}

export function requestViewRefresh(home: string): void {
  try {
    if (!existsSync(viewsDir(home))) return;
    const since = Date.now() - (lastSpawn.get(home) ?? 0);
    if (since >= GAP_MS) return spawnRefresher(home);
    if (trailing.has(home)) return;
    const fire = () => {
      clearTimeout(t);
      process.off("exit", fire);
      trailing.delete(home);
      spawnRefresher(home);
    };
    const t = setTimeout(fire, GAP_MS - since);
    t.unref();
    // A short command exits before the gap ends: its last change must still be refreshed.
    process.once("exit", fire);
    trailing.set(home, t);
  } catch {
    /* a refresh is an optimisation; never a reason to fail a write */
  }
}
