// `docket views refresh`: rebuild every stale inbox view of the store. One refresher at a time
// (refresh.lock); an ask that arrives meanwhile leaves refresh.again, and the running one goes round
// once more, so the last change is never missed.
import { closeSync, existsSync, openSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { staleViews, viewsDir } from "../store/views.js";
import { tryLockOnce } from "../store/lock.js";
import { colorOn } from "./ansi.js";
import { buildInboxView } from "./inbox-view.js";

const STALE_LOCK_MS = 30_000;
const MAX_ROUNDS = 5;
/** Views nobody has rebuilt or opened for this long are dropped (an old popup size, a gone project). */
const DROP_AFTER_MS = 7 * 24 * 3_600_000;

function dropOld(dir: string, now: number): void {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    try {
      if (now - statSync(p).mtimeMs > DROP_AFTER_MS) rmSync(p, { force: true });
    } catch {
      /* raced with another remover */
    }
  }
}

/** Returns how many views were rebuilt. */
export async function refreshViews(home: string): Promise<number> {
  const dir = viewsDir(home);
  if (!existsSync(dir)) return 0;
  const lock = join(dir, "refresh.lock");
  const again = join(dir, "refresh.again");
  const unlock = tryLockOnce(lock, STALE_LOCK_MS);
  if (!unlock) {
    closeSync(openSync(again, "w", 0o600));
    return 0;
  }
  let rebuilt = 0;
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      rmSync(again, { force: true });
      const now = Date.now();
      dropOld(dir, now);
      for (const { view } of staleViews(home, now)) {
        // Rebuilt as the popup that made it would: same colours, same pi agent dir (its docket.json).
        if (view.color !== colorOn) continue;
        process.env.PI_CODING_AGENT_DIR = view.agentDir;
        await buildInboxView({ home, scope: view.scope ?? undefined, cols: view.cols, rows: view.height ?? 0 });
        rebuilt++;
      }
      if (!existsSync(again)) break;
    }
  } finally {
    unlock();
  }
  return rebuilt;
}
