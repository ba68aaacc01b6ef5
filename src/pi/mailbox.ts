// Inbox delivery: parent → worker messages as files in <worker-dir>/inbox/, taken in name order,
// sent to pi as user messages (steered while a turn runs), stamped delivered and later read.
import { existsSync, readdirSync, readFileSync, statSync, watch, type FSWatcher } from "node:fs";
import { join } from "node:path";
import type { InboxMessage } from "../core/schema.js";
import { appendEvent } from "../store/events.js";
import { ensureDir, nowIso, writeJsonAtomic } from "../store/fsutil.js";
import { withLock } from "../store/lock.js";
import { logProblem, type Worker } from "./worker.js";

/** Message files: `<epoch-ms>-<rand>.json`; temp files of atomic writes end in .tmp and are skipped. */
export const MESSAGE_FILE = /^\d{10,16}-[A-Za-z0-9]{1,32}\.json$/;
const POLL_MS = 1000;
/** How long an unreadable message file may still be in the middle of being written. */
const SETTLE_MS = 3000;

export function parseMessage(raw: string): InboxMessage | undefined {
  let j: unknown;
  try {
    j = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!j || typeof j !== "object") return undefined;
  const m = j as Record<string, unknown>;
  if (typeof m.id !== "string" || typeof m.text !== "string" || typeof m.createdAt !== "string") return undefined;
  return { ...(m as object), from: typeof m.from === "string" ? m.from : "parent" } as InboxMessage;
}

export interface MailboxDeps {
  /** Hand the text to pi; throws when pi cannot take it right now (retried on the next tick). */
  send(text: string): void;
  /** Whether pi can take a message right now (idle, or mid-run where a steer is still picked up). */
  ready(): boolean;
  /** Called after a message was delivered (for the needs_input → active transition). */
  delivered(msg: InboxMessage): void;
}

export class Mailbox {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private draining = false;
  /** Delivered but not yet seen in a turn: text → file, for the readAt stamp. */
  private unread = new Map<string, string>();
  /** Files that need nothing more (delivered or unreadable); the poll skips them without locking. */
  private done = new Set<string>();

  constructor(private readonly w: Worker, private readonly deps: MailboxDeps) {}

  get dir(): string {
    return this.w.paths.inbox;
  }

  start(): void {
    try {
      ensureDir(this.dir);
      this.watcher = watch(this.dir, () => this.drain());
      this.watcher.on("error", () => this.watcher?.close());
    } catch (err) {
      logProblem(this.w, "inbox watch", err); // the poll below still delivers
    }
    this.timer = setInterval(() => this.drain(), POLL_MS);
    this.timer.unref();
    this.drain();
  }

  stop(): void {
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
    this.watcher = undefined;
    this.timer = undefined;
  }

  /** Deliver every pending message, oldest name first. Safe to call any time, from any trigger. */
  drain(): void {
    if (this.draining || !this.deps.ready()) return;
    this.draining = true;
    try {
      if (!existsSync(this.dir)) return;
      const names = readdirSync(this.dir).filter((n) => MESSAGE_FILE.test(n)).sort();
      for (const name of names) {
        if (!this.deliverOne(join(this.dir, name))) break; // keep order: stop at the first one pi refused
      }
    } catch (err) {
      logProblem(this.w, "inbox drain", err);
    } finally {
      this.draining = false;
    }
  }

  /** True when this file needs nothing more (delivered now, earlier, or unreadable). */
  private deliverOne(file: string): boolean {
    if (this.done.has(file)) return true;
    if (parseMessage(readFileSync(file, "utf8"))?.deliveredAt) {
      this.done.add(file);
      return true;
    }
    // The lock makes delivery exactly-once even with two extension instances or a racing `tell`.
    return withLock(file + ".lock", () => {
      const msg = parseMessage(readFileSync(file, "utf8"));
      if (!msg || !msg.text.trim()) {
        // A writer that does not rename into place can be caught mid-write: give it a moment.
        if (Date.now() - statSync(file).mtimeMs < SETTLE_MS) return false;
        this.done.add(file); // an empty prompt would only confuse the model
        logProblem(this.w, "inbox", new Error(`${file}: ${msg ? "empty message" : "not a message"}`));
        return true;
      }
      if (msg.deliveredAt) {
        this.done.add(file);
        return true;
      }
      try {
        this.deps.send(msg.text);
      } catch (err) {
        logProblem(this.w, "inbox send", err);
        return false;
      }
      const stamped: InboxMessage = { ...msg, deliveredAt: nowIso(), via: "extension" };
      writeJsonAtomic(file, stamped);
      this.done.add(file);
      this.unread.set(msg.text, file);
      appendEvent(this.w.paths.events, "message", { id: msg.id, from: msg.from, delivered: true, chars: msg.text.length });
      this.deps.delivered(stamped);
      return true;
    });
  }

  /** A user message reached the model: stamp readAt on the delivered message with that text. */
  markRead(text: string): void {
    const file = this.unread.get(text);
    if (!file) return;
    this.unread.delete(text);
    try {
      withLock(file + ".lock", () => {
        const msg = parseMessage(readFileSync(file, "utf8"));
        if (!msg || msg.readAt) return;
        writeJsonAtomic(file, { ...msg, readAt: nowIso() });
      });
    } catch (err) {
      logProblem(this.w, "inbox read stamp", err);
    }
  }
}
