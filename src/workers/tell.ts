// Replies to a worker: an inbox message the worker's extension delivers (steer while busy). Only a worker
// without a live extension gets keystrokes instead, prefixed `[docket] `.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { RUNNING_STATES, type InboxMessage, type WorkerStatus } from "../core/schema.js";
import { DocketError } from "../core/errors.js";
import { DIR_MODE, nowIso, writeJsonAtomic } from "../store/fsutil.js";
import { workerPaths } from "../store/layout.js";
import { commandList, tmux } from "../tmux/client.js";
import { transition } from "./fleet.js";
import { listWorkerPanes, socketEnv } from "./window.js";

/** Heartbeats come every ~15 s; three missed ones mean the extension is gone. */
export const HEARTBEAT_STALE_MS = 45_000;

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function hasLiveExtension(s: WorkerStatus, now = Date.now()): boolean {
  if (!s.extensionPid || !s.heartbeatAt) return false;
  if (now - Date.parse(s.heartbeatAt) >= HEARTBEAT_STALE_MS) return false;
  return pidAlive(s.extensionPid);
}

export function newMessageId(now = Date.now()): string {
  return `${now}-${randomBytes(3).toString("hex")}`;
}

export type TellVia = "extension" | "keys" | "queued";

export interface TellResult {
  via: TellVia;
  messageId: string;
  worker: WorkerStatus;
}

/** Answer the open question (the extension does this itself on delivery; tell does it for keystrokes). */
function answered(s: WorkerStatus, text: string, at: string): WorkerStatus {
  if (s.state !== "needs_input") return s;
  const q = s.question ? { ...s.question, answeredAt: at, answer: text } : undefined;
  const questions = s.questions.map((x) => (q && x.askedAt === q.askedAt && !x.answeredAt ? { ...x, answeredAt: at, answer: text } : x));
  return { ...s, state: "active", ...(q ? { question: q } : {}), questions };
}

function deletedWorker(err: unknown, worker: WorkerStatus): unknown {
  return (err as NodeJS.ErrnoException).code === "ENOENT" ? new DocketError(`unknown worker: ${worker.label} (deleted)`) : err;
}

/** Write an inbox message without making dirs: a worker deleted meanwhile stays deleted. */
function writeMessage(file: string, msg: InboxMessage, worker: WorkerStatus): void {
  try {
    writeJsonAtomic(file, msg, { mkdir: false });
  } catch (err) {
    throw deletedWorker(err, worker);
  }
}

export async function tellWorker(home: string, worker: WorkerStatus, text: string, env: NodeJS.ProcessEnv = process.env): Promise<TellResult> {
  const paths = workerPaths(home, worker.id);
  const messageId = newMessageId();
  const msg: InboxMessage = { id: messageId, text, from: "parent", createdAt: nowIso() };
  const file = join(paths.inbox, `${messageId}.json`);
  try {
    // Only the inbox dir may be made here, never the record's: a worker deleted meanwhile stays deleted.
    mkdirSync(paths.inbox, { mode: DIR_MODE });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw deletedWorker(err, worker);
  }
  writeMessage(file, msg, worker);

  if (hasLiveExtension(worker)) {
    const { after } = transition(home, worker.id, "told", (s) => {
      const { reviewedAt: _r, ...rest } = s;
      return rest as WorkerStatus;
    });
    return { via: "extension", messageId, worker: after };
  }

  const tenv = socketEnv(worker.tmux.socket, env);
  const panes = worker.tmux.paneId && RUNNING_STATES.includes(worker.state) ? await listWorkerPanes(tenv) : undefined;
  const pane = panes?.find((p) => p.paneId === worker.tmux.paneId && !p.dead);
  if (!pane) {
    const { after } = transition(home, worker.id, "told (queued)", (s) => {
      const { reviewedAt: _r, ...rest } = s;
      return rest as WorkerStatus;
    });
    return { via: "queued", messageId, worker: after };
  }

  await sendKeystrokes(pane.paneId, `[docket] ${text}`, tenv);
  const at = nowIso();
  writeMessage(file, { ...msg, deliveredAt: at, via: "keys" }, worker);
  const { after } = transition(home, worker.id, "answered by keystrokes", (s) => {
    const { reviewedAt: _r, ...rest } = s;
    return answered(rest as WorkerStatus, text, at);
  });
  return { via: "keys", messageId, worker: after };
}

/** One line: send-keys -l (literal, no key names). Several: a bracketed paste, so newlines stay in one message. */
export async function sendKeystrokes(paneId: string, payload: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (!payload.includes("\n")) {
    await tmux(commandList(["send-keys", "-t", paneId, "-l", "--", payload], ["send-keys", "-t", paneId, "Enter"]), { env });
    return;
  }
  const buf = `docket-${randomBytes(4).toString("hex")}`;
  await tmux(commandList(["load-buffer", "-b", buf, "-"], ["paste-buffer", "-p", "-d", "-b", buf, "-t", paneId], ["send-keys", "-t", paneId, "Enter"]), { env, input: payload });
}
