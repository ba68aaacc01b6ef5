// Inbox delivery: parent → worker messages (files in <worker-dir>/inbox/, in accepted order) handed to
// pi exactly once, with receipts that say only what pi showed us.
//
// pi's sendUserMessage is fire-and-forget: a refused prompt is reported on pi's own error channel, and
// two prompts sent to an idle pi race each other (the second is dropped). So at most one batch is ever
// in flight: every pending message, verbatim and in order, in ONE prompt when pi is idle, or ONE steer
// inside a tool_result (pi polls steers right after a tool batch that does not end the turn).
//   deliveredAt: pi accepted the batch (before_agent_start for a prompt; its steering queue for a steer)
//   readAt:      the batch stood in the conversation as a user message (message_start)
// A batch pi never accepted is sent again; one it accepted but never showed is sent again only when
// pi's queue no longer holds it, else it stays "delivered, not read" until the conversation has it.
// A message marked `after` (tell --after) is never steered: it and everything behind it wait until pi
// is idle (the turn ended), then go as a prompt, so the order docket accepted them in holds.
import { watch, type FSWatcher } from "node:fs";
import type { InboxMessage } from "../core/schema.js";
import { appendEvent } from "../store/events.js";
import { ensureDir, nowIso } from "../store/fsutil.js";
import { claimMessage, fileAge, listMessages, stampMessage, type StoredMessage } from "../store/inbox.js";
import { logProblem, type Worker } from "./worker.js";

const POLL_MS = 1000;
/** How long an unreadable message file may still be in the middle of being written. */
const SETTLE_MS = 3000;
/** A prompt pi has not accepted this long after we handed it over (pi idle meanwhile) was refused. */
export const ACCEPT_MS = 10_000;
/** A delivered batch not in the conversation this long after pi went idle is looked at again. */
export const READ_GRACE_MS = 5000;

export type SendMode = "prompt" | "steer";

export interface MailboxDeps {
  /** Hand one text to pi (sendUserMessage). */
  send(text: string, mode: SendMode): void;
  /**
   * How a message could go now: a prompt (pi idle, may start a run), a steer (inside a tool_result window), or not at
   * all.
   */
  mode(): SendMode | undefined;
  /** Whether pi's steering/follow-up queue holds anything (undefined: this pi cannot tell). */
  queued(): boolean | undefined;
  /** User message texts already in pi's session (ground truth when the extension starts). */
  sessionTexts(): string[];
  /** A message is in the conversation (readAt stamped): answer its question, move the worker. */
  arrived(msg: InboxMessage): void;
}

interface Batch {
  files: string[];
  ids: string[];
  text: string;
  mode: SendMode;
  sentAt: number;
  acceptedAt?: number;
  /** When pi was last seen idle with this batch still unread. */
  idleSince?: number;
}

/** What the model reads: one message verbatim; several each verbatim under its own numbered header. */
export function batchText(messages: Pick<InboxMessage, "id" | "text">[]): string {
  if (messages.length === 1) return messages[0]!.text;
  const n = messages.length;
  const parts = messages.map((m, i) => `[docket message ${i + 1} of ${n} · ${m.id}]\n${m.text}`);
  return (
    `[docket] ${n} separate messages from the parent, oldest first; read each as its own message.\n\n` +
    parts.join("\n\n")
  );
}

/** Whether a user message of the conversation holds this message (alone, or under its batch header). */
function holds(userText: string, m: Pick<InboxMessage, "id" | "text">): boolean {
  return userText === m.text || userText.includes(`· ${m.id}]\n${m.text}`);
}

/** What may go in this mode: everything as a prompt; as a steer, only the messages before the first `after` one. */
export function steerable<T extends { msg: Pick<InboxMessage, "after"> }>(pending: T[], mode: SendMode): T[] {
  if (mode === "prompt") return pending;
  const i = pending.findIndex((p) => p.msg.after === true);
  return i < 0 ? pending : pending.slice(0, i);
}

export class Mailbox {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private draining = false;
  /** The batch handed to pi and not yet seen in the conversation. */
  private inFlight: Batch | undefined;
  /** Batches pi accepted but still holds in its queue: read when they show up, never sent again. */
  private held: Batch[] = [];
  /** Files that need nothing more (read, or unreadable for good). */
  private done = new Set<string>();
  /** A reminder waiting for a free slot (a parent message, when there is one, goes instead). */
  private reminder: string | undefined;
  private refusals = 0;
  private retryAt = 0;

  constructor(
    private readonly w: Worker,
    private readonly deps: MailboxDeps,
  ) {}

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
    this.reconcileWithSession();
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

  /** Send the reminder as the next prompt unless a parent message goes first. */
  remind(text: string): void {
    this.reminder = text;
    this.drain();
  }

  /** Whether anything is waiting to go or on its way (the lifecycle holds reminders meanwhile). */
  busy(): boolean {
    return this.inFlight !== undefined || this.pending().length > 0;
  }

  /** Messages that still have to reach the conversation, in accepted order. */
  private pending(): StoredMessage[] {
    // Finished files are not read again: the poll runs every second for the worker's whole life.
    const { messages, bad } = listMessages(this.dir, this.done);
    for (const file of bad) {
      if (fileAge(file) < SETTLE_MS) continue;
      this.done.add(file); // never a message: an empty prompt would only confuse the model
      logProblem(this.w, "inbox", new Error(`${file}: not a message`));
    }
    const taken = new Set([...(this.inFlight?.files ?? []), ...this.held.flatMap((b) => b.files)]);
    return messages.filter(({ file, msg }) => {
      if (taken.has(file)) return false;
      if (msg.readAt || !msg.text.trim()) {
        this.done.add(file);
        return false;
      }
      return true;
    });
  }

  /** At start (respawn, reload): a message the session already holds is read, whatever its file says. */
  private reconcileWithSession(): void {
    let texts: string[];
    try {
      texts = this.deps.sessionTexts();
    } catch (err) {
      logProblem(this.w, "inbox session scan", err);
      return;
    }
    if (!texts.length) return;
    for (const { file, msg } of listMessages(this.dir).messages) {
      if (msg.readAt || !texts.some((t) => holds(t, msg))) continue;
      this.stamp([file], { deliveredAt: nowIso(), readAt: nowIso() });
      this.done.add(file);
    }
  }

  /** Deliver what is pending if pi can take it; look after the batch in flight. Safe from any trigger. */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      const mode = this.deps.mode();
      if (this.inFlight) this.watchInFlight(mode);
      if (this.inFlight || !mode || Date.now() < this.retryAt) return;
      const pending = steerable(this.pending(), mode);
      if (pending.length) this.sendBatch(pending, mode);
      else if (this.reminder && mode === "prompt") this.sendReminder();
    } catch (err) {
      logProblem(this.w, "inbox drain", err);
    } finally {
      this.draining = false;
    }
  }

  private sendBatch(candidates: StoredMessage[], mode: SendMode): void {
    const pending = candidates.flatMap(({ file }) => {
      const msg = claimMessage(file);
      return msg ? [{ file, msg }] : [];
    });
    if (!pending.length) return;
    const text = batchText(pending.map((p) => p.msg));
    const before = this.deps.queued();
    const batch: Batch = {
      files: pending.map((p) => p.file),
      ids: pending.map((p) => p.msg.id),
      text,
      mode,
      sentAt: Date.now(),
    };
    this.inFlight = batch;
    this.reminder = undefined; // a parent message makes the reminder moot
    try {
      this.deps.send(text, mode);
    } catch (err) {
      this.inFlight = undefined;
      logProblem(this.w, "inbox send", err);
      return;
    }
    // A steer is queued synchronously: pi's queue going from empty to not is pi taking it.
    if (mode === "steer" && before === false && this.deps.queued() === true) this.accepted(batch);
    appendEvent(this.w.paths.events, "message", { ids: batch.ids, handed: mode, chars: text.length });
  }

  private sendReminder(): void {
    const text = this.reminder!;
    this.reminder = undefined;
    this.inFlight = { files: [], ids: [], text, mode: "prompt", sentAt: Date.now() };
    try {
      this.deps.send(text, "prompt");
    } catch (err) {
      this.inFlight = undefined;
      logProblem(this.w, "reminder send", err);
    }
  }

  private accepted(b: Batch): void {
    if (b.acceptedAt) return;
    b.acceptedAt = Date.now();
    this.stamp(b.files, { deliveredAt: nowIso(), via: "extension" });
    if (b.files.length) appendEvent(this.w.paths.events, "message", { ids: b.ids, delivered: true });
  }

  /** An unread batch while pi sits idle: refused (send again later) or stranded in pi's queue (wait for it). */
  private watchInFlight(mode: SendMode | undefined): void {
    const b = this.inFlight!;
    if (mode !== "prompt") {
      b.idleSince = undefined;
      return;
    }
    const now = Date.now();
    b.idleSince ??= now;
    if (!b.acceptedAt) {
      if (now - b.sentAt < ACCEPT_MS || now - b.idleSince < READ_GRACE_MS) return;
      // pi never took it into a run: refused (its reason went to pi's own screen). Nothing was stamped.
      this.inFlight = undefined;
      this.refusals++;
      this.retryAt = now + Math.min(60_000, 5000 * 2 ** (this.refusals - 1));
      logProblem(
        this.w,
        "inbox",
        new Error(
          `pi did not take ${b.files.length ? `message(s) ${b.ids.join(", ")}` : "the reminder"}; trying again`,
        ),
      );
      return;
    }
    if (now - b.idleSince < READ_GRACE_MS) return;
    this.inFlight = undefined;
    if (this.deps.queued() === true) {
      this.held.push(b); // pi will show it at the start of its next run; sending it again would double it
      return;
    }
    // Accepted, never shown, no longer queued: pi dropped it (e.g. Esc cleared the queue). Send again.
    logProblem(this.w, "inbox", new Error(`message(s) ${b.ids.join(", ")} were taken but never shown; sending again`));
  }

  /** pi accepted a prompt into a run (before_agent_start carries its text). */
  promptStarting(text: string): void {
    if (this.inFlight?.text === text) this.accepted(this.inFlight);
  }

  /** A user message entered the conversation: the batch holding it is read. */
  seen(text: string): void {
    const batch = this.inFlight?.text === text ? this.inFlight : this.held.find((b) => b.text === text);
    if (!batch) return;
    if (batch === this.inFlight) this.inFlight = undefined;
    else this.held = this.held.filter((b) => b !== batch);
    this.refusals = 0;
    this.accepted(batch);
    const at = nowIso();
    for (const file of batch.files) {
      const msg = this.stamp([file], { readAt: at })[0];
      this.done.add(file);
      if (msg) this.deps.arrived(msg);
    }
    if (batch.files.length) appendEvent(this.w.paths.events, "message", { ids: batch.ids, read: true });
    setTimeout(() => this.drain(), 0).unref();
  }

  private stamp(files: string[], fields: Parameters<typeof stampMessage>[1]): InboxMessage[] {
    const out: InboxMessage[] = [];
    for (const file of files) {
      try {
        const m = stampMessage(file, fields);
        if (m) out.push(m);
      } catch (err) {
        logProblem(this.w, "inbox stamp", err);
      }
    }
    return out;
  }
}
