// Liveness and run bookkeeping: heartbeat, agent start/end, the one-time reminder, model errors,
// and the needs_input → active move when a parent message is delivered.
import type { InboxMessage } from "../core/schema.js";
import { nowIso } from "../store/fsutil.js";
import { captureAnswer, lastAssistant, textOf } from "./evidence.js";
import { applyFail } from "./protocol.js";
import { readStatusFile } from "./status.js";
import { announce, transition } from "./transitions.js";
import { isRetryableError, reminderEnabled, retrySettings } from "./settings.js";
import { safely, type Worker } from "./worker.js";

export const HEARTBEAT_MS = 15_000;
/** When pi is expected to retry, how long past its backoff to wait before calling the worker failed. */
const RETRY_GRACE_MS = 30_000;

export const REMINDER_TEXT =
  "[docket] Your turn ended without a protocol call. If the task is finished, call docket_done; if you need the parent, call docket_wait; if you cannot continue, call docket_fail. Otherwise continue the task.";

export interface LifecycleDeps {
  /** Whether pi is currently running a turn. */
  busy(): boolean;
  sendReminder(text: string): void;
  shutdown(): void;
  cwd(): string;
}

export class Lifecycle {
  private timer: NodeJS.Timeout | undefined;
  private protocolThisRun = false;
  private errorStreak = 0;
  private failTimer: NodeJS.Timeout | undefined;

  constructor(private readonly w: Worker, private readonly deps: LifecycleDeps) {}

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
    const busy = this.deps.busy();
    const ch = transition(this.w, "heartbeat", (s) => {
      s.heartbeatAt = nowIso();
      s.extensionPid = process.pid;
      if (s.state === "starting" || (s.state === "idle" && busy)) {
        s.state = "active";
        s.startedAt ??= s.heartbeatAt;
      }
      return s;
    });
    // Heartbeats keep the status line's age warnings fresh even when nothing changed state.
    if (ch && ch.before.state === ch.after.state) announce(this.w, ch.before, ch.after);
  }

  agentStart(): void {
    this.protocolThisRun = false;
    if (this.failTimer) clearTimeout(this.failTimer);
    this.failTimer = undefined;
    transition(this.w, "agent_start", (s) => {
      s.heartbeatAt = nowIso();
      s.extensionPid = process.pid;
      if (s.state !== "starting" && s.state !== "idle") return s;
      s.state = "active";
      s.startedAt ??= s.heartbeatAt;
      return s;
    });
  }

  /** An assistant message finished; a good one resets the error streak used to predict pi's retries. */
  assistantEnded(stopReason: string | undefined): void {
    if (stopReason && stopReason !== "error") this.errorStreak = 0;
  }

  agentEnd(messages: readonly unknown[]): void {
    const last = lastAssistant(messages);
    if (last?.stopReason === "error") return this.modelError(last.errorMessage || textOf(last.content) || "model error");
    this.errorStreak = 0;
    safely(this.w, "answer artifact", () => captureAnswer(this.w, messages));
    if (this.protocolThisRun) return;
    let remind = false;
    const ch = transition(this.w, "turn ended without a protocol call", (s) => {
      if (s.state !== "active" && s.state !== "starting") return undefined;
      s.state = "idle";
      // A run someone interrupted (Esc in the worker's window) gets no nudge to carry on.
      if (!s.remindedAt && last?.stopReason !== "aborted" && reminderEnabled(s.workspace.repoRoot ?? s.project)) {
        s.remindedAt = nowIso();
        remind = true;
      }
      return s;
    });
    // Deferred: pi is still finishing agent_end; a message sent from inside it would race the run's teardown.
    if (ch && remind) setTimeout(() => safely(this.w, "reminder", () => this.deps.sendReminder(REMINDER_TEXT)), 200).unref();
  }

  /** A model/provider error ended the run. Fail the worker once pi has no retry left, then shut pi down. */
  private modelError(text: string): void {
    this.errorStreak++;
    const r = retrySettings(this.deps.cwd());
    const willRetry = r.enabled && isRetryableError(text) && this.errorStreak <= r.maxRetries;
    const fail = () => {
      this.failTimer = undefined;
      applyFail(this.w, `model error: ${text}`, "model-error");
      this.deps.shutdown(); // the pane dies; the harvest records the tail and exit code
    };
    if (!willRetry) return fail();
    // pi retries after baseDelay·2^(n-1); if no new run starts well after that, it gave up.
    const wait = r.baseDelayMs * 2 ** (this.errorStreak - 1) + RETRY_GRACE_MS;
    this.failTimer = setTimeout(fail, wait);
    this.failTimer.unref();
  }

  /** A parent message reached pi: a pending question counts as answered, and the worker is working again. */
  delivered(msg: InboxMessage): void {
    transition(this.w, "message delivered", (s) => {
      if (s.state === "needs_input") {
        if (s.question && !s.question.answeredAt) {
          s.question = { ...s.question, answeredAt: msg.deliveredAt ?? nowIso(), answer: msg.text };
          const qs = s.questions ?? [];
          const i = qs.findIndex((q) => q.askedAt === s.question!.askedAt);
          if (i >= 0) qs[i] = s.question;
        }
        s.state = "active";
      } else if (s.state === "idle") {
        s.state = "active";
      } else {
        return undefined;
      }
      delete s.remindedAt;
      return s;
    });
  }

  /** Current record, for the system prompt. */
  status() {
    return safely(this.w, "read status", () => readStatusFile(this.w.paths));
  }
}
