// Replies to a worker: a message file in its inbox/, which the worker's extension hands to pi and stamps
// with what it saw (delivered, read). A worker whose pi is running without a live extension gets
// keystrokes instead, prefixed `[docket] ` (typed, never confirmed). A worker that is not running is
// refused, unless the message is queued for its next respawn.
import { randomHex } from "../core/random.js";
import { existsSync } from "node:fs";
import { messageArrived, openQuestions, questionFor } from "../core/lifecycle.js";
import { DocketError } from "../core/errors.js";
import { RUNNING_STATES, type InboxMessage, type WorkerStatus } from "../core/schema.js";
import { nowIso, pidAlive } from "../store/fsutil.js";
import { queueMessage, stampMessage } from "../store/inbox.js";
import { workerPaths } from "../store/layout.js";
import { updateStatus } from "../store/workers.js";
import { commandList, tmux } from "../tmux/runner.js";
import { transition } from "./transition.js";
import { listWorkerPanes, socketEnv } from "./window.js";

/** Heartbeats come every ~15 s; three missed ones mean the extension is gone. */
export const HEARTBEAT_STALE_MS = 45_000;

export function hasLiveExtension(s: WorkerStatus, now = Date.now()): boolean {
  if (!s.extensionPid || !s.heartbeatAt) return false;
  if (now - Date.parse(s.heartbeatAt) >= HEARTBEAT_STALE_MS) return false;
  return pidAlive(s.extensionPid);
}

/** Why a worker cannot take a message now, or undefined when its pi is running. */
export async function notRunning(s: WorkerStatus, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (!RUNNING_STATES.includes(s.state) && s.state !== "ready")
    return `${s.label} is ${s.state}${s.failure ? ` (${s.failure.reason.split("\n")[0]})` : ""}`;
  if (s.endedAt) return `${s.label} is ${s.state} and its process is gone`;
  if (!s.tmux.paneId) return s.state === "starting" ? undefined : `${s.label} has no window`;
  const panes = await listWorkerPanes(socketEnv(s.tmux.socket, env));
  if (panes === null) return undefined; // no tmux here to ask: the extension is the only judge
  const pane = panes?.find((p) => p.paneId === s.tmux.paneId);
  if (!pane) return `${s.label}'s window is gone`;
  if (pane.dead) return `${s.label}'s pi has exited (dead pane)`;
  return undefined;
}

export type TellVia = "extension" | "keys" | "queued";

export interface TellResult {
  via: TellVia;
  messageId: string;
  message: InboxMessage;
  worker: WorkerStatus;
}

export interface TellOptions {
  /** Keep the message for the worker's next run instead of refusing a worker that is not running. */
  queue?: boolean;
  /** 1-based number of the open question this answers (oldest first), as the card numbers them. */
  question?: number;
  /** Deliver when the current turn ends instead of steering it (the extension holds it until pi is idle). */
  after?: boolean;
}

function unreviewed(s: WorkerStatus): WorkerStatus {
  const { reviewedAt: _r, ...rest } = s;
  return rest as WorkerStatus;
}

/**
 * What the worker reads: the person's text as typed, except while it waits on several questions, when a
 * first line names the one this answers (the `n`th open one, oldest first, as the card numbers them).
 */
export function replyText(text: string, open: { text: string }[], n: number): string {
  if (open.length < 2) return text;
  const q = open[n - 1]!.text.split("\n")[0]!;
  return (
    `[docket] This answers your question ${n} of ${open.length}: ` +
    `"${q.length > 100 ? `${q.slice(0, 99)}…` : q}"\n${text}`
  );
}

export async function tellWorker(
  home: string,
  worker: WorkerStatus,
  text: string,
  opts: TellOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<TellResult> {
  // A remote worker's mailbox is on its host: the remote docket checks, queues and stamps there.
  if (worker.host) return (await import("./remote.js")).tellRemote(home, worker, text, opts, env);
  let answers: string | undefined;
  const open = worker.state === "needs_input" ? openQuestions(worker) : [];
  if (opts.question !== undefined) {
    const q = open[opts.question - 1];
    if (!q)
      throw new DocketError(
        `${worker.label} has ` +
          `${open.length ? `${open.length} open question${open.length === 1 ? "" : "s"}` : "no open question"}; ` +
          `--q ${opts.question} names none`,
      );
    answers = q.askedAt;
  }
  text = replyText(text, open, opts.question ?? 1);
  const paths = workerPaths(home, worker.id);
  if (!existsSync(paths.status)) throw new DocketError(`unknown worker: ${worker.label} (deleted)`);
  const why = await notRunning(worker, env);
  if (why && !opts.queue) {
    throw new DocketError(
      `${why}: nothing sent. \`docket respawn ${worker.label}\` first, or ` +
        `\`docket tell --queue ${worker.label} …\` to deliver it on the next run`,
    );
  }
  // Keystrokes cannot wait for the turn to end: only the extension can hold a message.
  if (opts.after && !why && !hasLiveExtension(worker) && worker.state !== "starting") {
    throw new DocketError(
      `${worker.label} has no live docket extension to hold the message until its turn ends: ` +
        `nothing sent (send it without --after)`,
    );
  }
  const { file, msg } = queueMessage(paths.inbox, worker.label, {
    text,
    ...(answers ? { answers } : {}),
    ...(opts.after ? { after: true } : {}),
  });

  if (why) {
    const after = updateStatus(home, worker.id, unreviewed);
    return { via: "queued", messageId: msg.id, message: msg, worker: after };
  }
  // A starting worker's extension has not beaten yet: it takes the inbox as soon as it loads.
  if (hasLiveExtension(worker) || worker.state === "starting") {
    const after = updateStatus(home, worker.id, unreviewed);
    return { via: "extension", messageId: msg.id, message: msg, worker: after };
  }

  await sendKeystrokes(worker.tmux.paneId!, `[docket] ${text}`, socketEnv(worker.tmux.socket, env));
  const at = nowIso();
  const stamped = stampMessage(file, { typedAt: at, via: "keys" }) ?? msg;
  // Typed, not confirmed: the question counts as answered (the person replied), the worker as working.
  const changed = transition(home, worker.id, "answered by keystrokes", (s) =>
    messageArrived(unreviewed(s), text, at, answers ?? questionFor(s)?.askedAt),
  );
  return {
    via: "keys",
    messageId: msg.id,
    message: stamped,
    worker: changed?.after ?? updateStatus(home, worker.id, unreviewed),
  };
}

/** One line: send-keys -l (literal, no key names). Several: a bracketed paste, so newlines stay in one message. */
export async function sendKeystrokes(paneId: string, payload: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (!payload.includes("\n")) {
    await tmux(commandList(["send-keys", "-t", paneId, "-l", "--", payload], ["send-keys", "-t", paneId, "Enter"]), {
      env,
    });
    return;
  }
  const buf = `docket-${randomHex(4)}`;
  await tmux(
    commandList(
      ["load-buffer", "-b", buf, "-"],
      ["paste-buffer", "-p", "-d", "-b", buf, "-t", paneId],
      ["send-keys", "-t", paneId, "Enter"],
    ),
    { env, input: payload },
  );
}
