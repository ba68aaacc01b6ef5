// Liveness and run bookkeeping: heartbeat, agent start/end, the one-time reminder, a pi that cannot run
// its model, and what a parent message does to the record once it is in the conversation.
import { alive, messageArrived, moved } from "../core/lifecycle.js";
import { piErrorLine } from "../core/pi-error.js";
import type { InboxMessage } from "../core/schema.js";
import { nowIso } from "../store/fsutil.js";
import { captureAnswer, lastAssistant, textOf } from "./evidence.js";
import { applyFail } from "./protocol.js";
import { currentStatus, transition } from "./transitions.js";
import { isRetryableError, reminderEnabled, retrySettings } from "./settings.js";
import { safely, type Worker } from "./worker.js";

export const HEARTBEAT_MS = 15_000;
/** When pi is expected to retry, how long past its backoff to wait before calling the worker failed. */
const RETRY_GRACE_MS = 30_000;

export const REMINDER_TEXT =
  "[docket] Your turn ended without a protocol call. If the task is finished, call docket_done; if you need the " +
  "parent, call docket_wait; if you cannot continue, call docket_fail. Otherwise continue the task.";

export interface LifecycleDeps {
  /** Whether pi is currently running a turn. */
  busy(): boolean;
  sendReminder(text: string): void;
  shutdown(): void;
  cwd(): string;
  /** Text of this worker's own pane, for pi's own words when it refuses to run (empty if unknown). */
  paneText(): string;
}

/** How long pi gets to print its own error before docket reads the pane for it. */
export const CANNOT_RUN_SETTLE_MS = 1500;

export class Lifecycle {
  private timer: NodeJS.Timeout | undefined;
  private protocolThisRun = false;
  private errorStreak = 0;
  private failTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly w: Worker,
    private readonly deps: LifecycleDeps,
  ) {}

  start(): void {
    this.beat();
    this.timer = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.failTimer) clearTimeout(this.failTimer);
    this.timer = undefined;
  }

  protocolCalled(): void {
    this.protocolThisRun = true;
  }

  /** heartbeatAt + extensionPid; starting → active, and idle → active while a turn is running. */
  beat(): void {
    transition(this.w, "heartbeat", (s) => alive(s, process.pid, nowIso(), this.deps.busy()));
  }

  agentStart(): void {
    this.protocolThisRun = false;
    if (this.failTimer) clearTimeout(this.failTimer);
    this.failTimer = undefined;
    transition(this.w, "agent_start", (s) => alive(s, process.pid, nowIso(), true));
  }

  /**
   * pi says it cannot run its model (no model, no key): the worker fails with pi's own words from the
   * pane (it prints them there), else with `fallback`, and pi is shut down. Never a silent `active`.
   */
  cannotRun(fallback: string): void {
    setTimeout(() => {
      const said = safely(this.w, "read pane", () => piErrorLine(this.deps.paneText()));
      this.fail(`pi cannot run its model: ${said ?? fallback}`);
    }, CANNOT_RUN_SETTLE_MS).unref();
  }

  private fail(reason: string): void {
    if (this.failTimer) clearTimeout(this.failTimer);
    this.failTimer = undefined;
    applyFail(this.w, reason, "model-error");
    this.deps.shutdown(); // the pane dies; the harvest records the tail and exit code
  }

  /** An assistant message finished; a good one resets the error streak used to predict pi's retries. */
  assistantEnded(stopReason: string | undefined): void {
    if (stopReason && stopReason !== "error") this.errorStreak = 0;
  }

  agentEnd(messages: readonly unknown[]): void {
    const last = lastAssistant(messages);
    if (last?.stopReason === "error")
      return this.modelError(last.errorMessage || textOf(last.content) || "model error");
    this.errorStreak = 0;
    safely(this.w, "answer artifact", () => captureAnswer(this.w, messages));
    if (this.protocolThisRun) return;
    let remind = false;
    const ch = transition(this.w, "turn ended without a protocol call", (s) => {
      // A worker that already reported a result and was sent something: its result stands (no nudge).
      if (s.state === "active" && s.result) return moved(s, "rested");
      const next = moved(s, "turn_end");
      if (!next) return undefined;
      // A run someone interrupted (Esc in the worker's window) gets no nudge to carry on.
      if (
        !next.remindedAt &&
        last?.stopReason !== "aborted" &&
        reminderEnabled(next.workspace.repoRoot ?? next.project)
      ) {
        next.remindedAt = nowIso();
        remind = true;
      }
      return next;
    });
    // Deferred: pi is still finishing agent_end; a message sent from inside it would race the run's teardown.
    if (ch && remind)
      setTimeout(() => safely(this.w, "reminder", () => this.deps.sendReminder(REMINDER_TEXT)), 200).unref();
  }

  /** A model/provider error ended the run. Fail the worker once pi has no retry left, then shut pi down. */
  private modelError(text: string): void {
    this.errorStreak++;
    const r = retrySettings(this.deps.cwd());
    const willRetry = r.enabled && isRetryableError(text) && this.errorStreak <= r.maxRetries;
    const fail = () => this.fail(`model error: ${text}`);
    if (!willRetry) return fail();
    // pi retries after baseDelay·2^(n-1); if no new run starts well after that, it gave up.
    const wait = r.baseDelayMs * 2 ** (this.errorStreak - 1) + RETRY_GRACE_MS;
    this.failTimer = setTimeout(fail, wait);
    this.failTimer.unref();
  }

  /** A parent message is in the conversation: it answers a question, and the worker is working again. */
  arrived(msg: InboxMessage): void {
    transition(this.w, "message read", (s) => messageArrived(s, msg.text, msg.readAt ?? nowIso(), msg.answers));
  }

  /** Current record, for the system prompt. */
  status() {
    return currentStatus(this.w);
  }
}
