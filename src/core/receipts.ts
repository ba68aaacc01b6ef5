// What a reply's receipts say, in words: only what the worker's extension observed. Pure.
import type { InboxMessage } from "./schema.js";

/** A delivered reply not in the conversation after this long is shown as such (pi's queue may hold it). */
export const UNREAD_AFTER_MS = 30_000;

export type ReceiptState = "queued" | "delivered" | "read" | "typed";

export function receiptState(m: InboxMessage): ReceiptState {
  if (m.readAt) return "read";
  if (m.deliveredAt) return "delivered";
  if (m.typedAt) return "typed";
  return "queued";
}

/** Replies that have not reached the conversation (typed keystrokes cannot be confirmed either way). */
export function unreadReplies(messages: InboxMessage[]): InboxMessage[] {
  return messages.filter((m) => !m.readAt && !m.typedAt);
}

/**
 * e.g. `read 3s ago (delivered 3s, queued 4s ago)`, `delivered 2m ago, not read yet`, `queued 40s ago, not delivered`.
 */
export function receiptText(m: InboxMessage, now: number, ago: (ms: number) => string): string {
  const since = (iso: string | undefined) => ago(Math.max(0, now - Date.parse(iso ?? "")));
  const queued = m.queuedAt ?? m.createdAt;
  switch (receiptState(m)) {
    case "read":
      return `read ${since(m.readAt)} ago (queued ${since(queued)} ago)`;
    case "delivered":
      return (
        `delivered ${since(m.deliveredAt)} ago, ` +
        `${now - Date.parse(m.deliveredAt!) >= UNREAD_AFTER_MS ? "NOT READ" : "not read yet"}`
      );
    case "typed":
      return `typed into the pane ${since(m.typedAt)} ago (no extension to confirm it)`;
    default:
      return `queued ${since(queued)} ago, not delivered yet`;
  }
}
