// Send the person's review comments back to a worker: every unsent comment on its current change set
// version in ONE mailbox message (path:line, the hunk, the comment), then each marked sent with the
// message id. The worker revises and calls docket_done again, which freezes the next version.
import { DocketError } from "../core/errors.js";
import { currentVersion, reviewMessage, unsent } from "../core/review.js";
import type { WorkerStatus } from "../core/schema.js";
import { markSent, readComments } from "../store/review.js";
import { tellWorker, type TellResult } from "./tell.js";

export interface SendBack {
  count: number;
  version: number;
  tell: TellResult;
}

/** Unsent comments on the worker's current version. */
export function pendingComments(home: string, w: WorkerStatus) {
  return unsent(readComments(home, w.id), currentVersion(w));
}

export async function sendReview(
  home: string,
  w: WorkerStatus,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SendBack> {
  const version = currentVersion(w);
  const comments = unsent(readComments(home, w.id), version);
  if (!version || comments.length === 0) throw new DocketError(`${w.label}: no review comments to send`);
  const tell = await tellWorker(home, w, reviewMessage(comments, version), {}, env);
  markSent(
    home,
    w.id,
    comments.map((c) => c.id),
    tell.messageId,
  );
  return { count: comments.length, version, tell };
}
