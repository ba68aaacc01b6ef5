// Id-based entry points for other parts (popups, verdicts): the same services the CLI verbs use.
import { readStatus } from "../store/workers.js";
import { reconcileFleet } from "./reconcile.js";
import { respawnWorker } from "./respawn.js";
import { deleteWorker, stopWorker } from "./stop.js";
import { tellWorker, type TellResult } from "./tell.js";

/** Reply to a worker by id (inbox, or keystrokes without a live extension). */
export async function tellById(home: string, id: string, text: string, env: NodeJS.ProcessEnv = process.env): Promise<TellResult> {
  await reconcileFleet(home, env);
  return tellWorker(home, readStatus(home, id), text, env);
}

/** Clean stop, record kept. */
export async function stopById(home: string, id: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await stopWorker(home, readStatus(home, id), env);
}

/** Reject & stop: stop, remove workspace and record (children too). */
export async function stopAndRemove(home: string, id: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  return deleteWorker(home, readStatus(home, id), env);
}

/** Retry: relaunch an ended/failed/error worker, resuming its session. */
export async function respawnById(home: string, id: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await reconcileFleet(home, env);
  await respawnWorker(home, readStatus(home, id), env);
}
