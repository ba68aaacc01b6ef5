// review.json: the person's review comments on a worker's change set versions, kept until sent (and
// after, marked sent). Locked read-modify-write; a missing or unreadable file reads as no comments.
import { randomHex } from "../core/random.js";
import { existsSync, readFileSync } from "node:fs";
import { ok } from "../core/check.js";
import { DocketError } from "../core/errors.js";
import { currentVersion, unsent } from "../core/review.js";
import { Review, type ReviewComment, type WorkerStatus } from "../core/schema.js";
import { nowIso, writeJsonAtomic } from "./fsutil.js";
import { workerPaths } from "./layout.js";
import { withLockInDir } from "./lock.js";

export type NewComment = Omit<ReviewComment, "id" | "at" | "sentAt" | "messageId">;

export function readComments(home: string, id: string): ReviewComment[] {
  const file = workerPaths(home, id).review;
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  try {
    return ok(Review, JSON.parse(raw))?.comments ?? [];
  } catch {
    return [];
  }
}

/** Locked read-modify-write of the comment list; returns the list written. */
export function updateComments(
  home: string,
  id: string,
  fn: (cs: ReviewComment[]) => ReviewComment[],
): ReviewComment[] {
  const p = workerPaths(home, id);
  if (!existsSync(p.dir)) throw new DocketError(`unknown worker: ${id}`);
  return withLockInDir(
    `${p.review}.lock`,
    () => {
      const next = fn(readComments(home, id));
      writeJsonAtomic(p.review, { comments: next }, { mkdir: false });
      return next;
    },
    () => new DocketError(`unknown worker: ${id} (deleted)`),
  );
}

export function addComment(home: string, id: string, c: NewComment): ReviewComment {
  const comment: ReviewComment = { id: `r${Date.now().toString(36)}${randomHex(2)}`, ...c, at: nowIso() };
  updateComments(home, id, (cs) => [...cs, comment]);
  return comment;
}

/** Remove an unsent comment (a sent one is history). Returns whether one went. */
export function deleteComment(home: string, id: string, commentId: string): boolean {
  let gone = false;
  updateComments(home, id, (cs) =>
    cs.filter((c) => {
      const drop = c.id === commentId && !c.sentAt;
      gone ||= drop;
      return !drop;
    }),
  );
  return gone;
}

export function markSent(
  home: string,
  id: string,
  commentIds: readonly string[],
  messageId: string,
  at = nowIso(),
): void {
  const ids = new Set(commentIds);
  updateComments(home, id, (cs) => cs.map((c) => (ids.has(c.id) && !c.sentAt ? { ...c, sentAt: at, messageId } : c)));
}

/** How many comments on the worker's current version wait to be sent (the Send back verb's count). */
export function reviewPending(home: string, w: Pick<WorkerStatus, "id" | "changeSet">): number {
  const v = currentVersion(w);
  return v ? unsent(readComments(home, w.id), v).length : 0;
}
