// docket's worker extension: loaded only into worker pi processes (`pi --no-extensions -e …`).
// Runtime imports are node built-ins and docket's dependency-free modules, so it runs under
// @mariozechner/pi-coding-agent and @earendil-works/pi-coding-agent alike.
import type { ExtensionAPI, ExtensionContext } from "@mariozechner/pi-coding-agent";
import { appendEvent } from "../store/events.js";
import { nowIso } from "../store/fsutil.js";
import { oneLine } from "./artifacts.js";
import { captureToolResult, textOf } from "./evidence.js";
import { parseFallback } from "./fallback.js";
import { guardrails } from "./guardrails.js";
import { ownPaneText } from "../tmux/panes.js";
import { modelProblem, userTexts } from "./host.js";
import { Lifecycle } from "./lifecycle.js";
import { Mailbox } from "./mailbox.js";
import {
  applyBudgetQuestion,
  applyBudgetReply,
  applyDone,
  applyFail,
  applyWait,
  type ProtocolOutcome,
} from "./protocol.js";
import { addUsage, usageOf, type Usage } from "./usage.js";
import { transition } from "./transitions.js";
import { protocolTools } from "./tools.js";
import { safely, workerFromEnv, type Worker } from "./worker.js";

const LOADED = Symbol.for("docket.workerExtension.loaded");
const ACTIVITY_THROTTLE_MS = 5000;

type Flagged = typeof globalThis & { [LOADED]?: boolean };

/** One-line description of a tool call for the event log. */
function describeCall(input: Record<string, unknown>): string {
  const v =
    input.command ??
    input.path ??
    input.file_path ??
    input.pattern ??
    input.question ??
    input.reason ??
    input.summary ??
    input.kind;
  return typeof v === "string" ? oneLine(v, 200) : "";
}

/** A protocol tool that recorded its transition returns terminate: true, so pi will not poll steers after it. */
function endsTurn(toolName: string, details: unknown): boolean {
  if (toolName !== "docket_wait" && toolName !== "docket_done" && toolName !== "docket_fail") return false;
  return typeof (details as { state?: unknown } | undefined)?.state === "string";
}

function applyFallback(w: Worker, verb: "wait" | "done" | "fail", text: string): ProtocolOutcome {
  if (verb === "wait")
    return applyWait(w, { question: text || "(the worker asked for input without a question)" }, "bash-fallback");
  if (verb === "fail") return applyFail(w, text || "(no reason given)", "bash-fallback");
  return applyDone(
    w,
    { outcome: "completed", summary: text || "(no summary given)", evidence: [], recommended: [] },
    "bash-fallback",
  );
}

export default function docketWorkerExtension(pi: ExtensionAPI): void {
  const w = workerFromEnv();
  if (!w) return; // not a docket worker: register nothing
  const g = globalThis as Flagged;
  if (g[LOADED]) return; // loaded twice (`-e x -e x`): a second set of tools would kill pi at start
  g[LOADED] = true;

  let ctx: ExtensionContext | undefined;
  let lastActivity = 0;
  // pi polls queued steers after each tool batch, and extension events lag the agent loop, so a
  // steer queued "while busy" can land after the run's last poll and sit stranded until the next
  // prompt. Steer only from inside a tool_result handler (the loop awaits it, and polls right after
  // a non-terminating batch); otherwise wait until the run is over and send a plain prompt.
  let steerWindow = false;
  let runActive = false;
  let firstRunSeen = false;
  let cannotRun = false;
  const fallbackCalls = new Set<string>();
  /** This turn's usage so far (message_end), written to status.json once at turn_end. */
  let turnUsage: Usage | undefined;
  const flushUsage = () => {
    const u = turnUsage;
    turnUsage = undefined;
    if (!u) return;
    transition(w, "usage", (s) => {
      s.usage = addUsage(s.usage, u, 1);
      return s;
    });
    // Past its budget: stop the run and ask the person (the reply sets the next budget).
    const r = applyBudgetQuestion(w);
    if (r.ok) {
      lifecycle.protocolCalled();
      ctx?.abort();
    }
  };

  // Every prompt docket sends (parent messages, the reminder) goes through the mailbox's one slot.
  const mailbox: Mailbox = new Mailbox(w, {
    // "steer" queues while a turn runs; on an idle pi the same call starts a turn.
    send: (text) => pi.sendUserMessage(text, { deliverAs: "steer" }),
    // Before the first run, hold: a message sent then would race pi's own first prompt.
    mode: () => {
      if (!ctx || cannotRun) return undefined;
      if (steerWindow) return "steer";
      return firstRunSeen && !runActive && ctx.isIdle() ? "prompt" : undefined;
    },
    queued: () => (typeof ctx?.hasPendingMessages === "function" ? ctx.hasPendingMessages() : undefined),
    sessionTexts: () => userTexts(ctx),
    arrived: (msg) => {
      safely(w, "budget reply", () => applyBudgetReply(w, msg.text));
      lifecycle.arrived(msg);
    },
  });
  const lifecycle = new Lifecycle(w, {
    busy: () => (ctx ? !ctx.isIdle() : false),
    // A parent message that is on its way, or comes first, makes the reminder moot.
    sendReminder: (text) => {
      if (!mailbox.busy()) mailbox.remind(text);
    },
    shutdown: () => ctx?.shutdown(),
    cwd: () => ctx?.cwd ?? process.cwd(),
    paneText: () => ownPaneText(),
  });

  for (const tool of protocolTools(w, { onProtocol: () => lifecycle.protocolCalled() })) pi.registerTool(tool);

  pi.on("session_start", (_e, c) => {
    ctx = c;
    safely(w, "start", () => {
      lifecycle.start();
      mailbox.start();
    });
    // pi refuses every prompt without a model or a key, saying so only on its screen: look first.
    const why = safely(w, "model check", () => modelProblem(c));
    if (why) {
      cannotRun = true;
      lifecycle.cannotRun(why);
    }
    // A worker started without a prompt never runs by itself; let messages start it after a while.
    // Generous on purpose: a message sent while pi is still about to submit its first prompt would
    // make pi drop that prompt (it is submitted without a queueing mode).
    setTimeout(() => (firstRunSeen = true), 30_000).unref();
  });

  pi.on("session_shutdown", () => {
    mailbox.stop();
    lifecycle.stop();
    g[LOADED] = false; // a session replacement reloads the extension in this process
  });

  pi.on("before_agent_start", (e, c) => {
    ctx = c;
    safely(w, "accepted stamp", () => mailbox.promptStarting(e.prompt));
    const s = lifecycle.status();
    if (!s) return undefined;
    const text = safely(w, "guardrails", () => guardrails(s, w.paths.dir));
    return text ? { systemPrompt: `${e.systemPrompt}\n\n${text}` } : undefined;
  });

  pi.on("agent_start", (_e, c) => {
    ctx = c;
    firstRunSeen = true;
    runActive = true;
    safely(w, "agent_start", () => lifecycle.agentStart());
  });

  pi.on("agent_end", (e, c) => {
    ctx = c;
    runActive = false;
    safely(w, "usage", flushUsage); // a turn_end this pi never sent
    safely(w, "agent_end", () => lifecycle.agentEnd(e.messages));
    setTimeout(() => mailbox.drain(), 100).unref(); // pi is idle again a moment after agent_end
  });

  // pi 1.x says when it will not go on by itself (no retry, compaction or queued follow-up left): the
  // moment a message can start a new run. 0.73 has no such event (its handler list just keeps this one);
  // the timer above covers it there, and a second drain is a no-op (one batch in flight).
  (pi.on as (event: string, handler: () => void) => void)("agent_settled", () => mailbox.drain());

  pi.on("message_start", (e) => {
    const m = e.message as { role?: string; content?: unknown };
    if (m.role === "user") safely(w, "read stamp", () => mailbox.seen(textOf(m.content)));
  });

  pi.on("message_end", (e) => {
    const m = e.message as { role?: string; stopReason?: string };
    if (m.role === "assistant") lifecycle.assistantEnded(m.stopReason);
    const u = usageOf(e.message);
    if (u) turnUsage = addUsage(turnUsage, u);
  });

  pi.on("turn_end", () => {
    safely(w, "usage", flushUsage);
  });

  pi.on("tool_call", (e) => {
    // Logged when the call starts, so a hung command still shows what the worker is doing.
    safely(w, "tool event", () =>
      appendEvent(w.paths.events, "tool", {
        tool: e.toolName,
        call: describeCall((e.input ?? {}) as Record<string, unknown>),
      }),
    );
    if (e.toolName !== "bash") return undefined;
    const command = (e.input as { command?: unknown }).command;
    const call = typeof command === "string" ? parseFallback(command) : undefined;
    if (!call) return undefined;
    const r = safely(w, "bash fallback", () => applyFallback(w, call.verb, call.text));
    if (r?.ok) lifecycle.protocolCalled();
    fallbackCalls.add(e.toolCallId);
    const tool = `docket_${call.verb}`;
    return {
      block: true,
      reason: r?.ok
        ? `docket: \`/docket ${call.verb}\` is not a shell command. docket applied it as the ${tool} tool (state: ` +
          `${r.state}). Next time call ${tool} directly. ${r.message}`
        : `docket: \`/docket ${call.verb}\` is not a shell command, and docket could not apply it. Call the ${tool} ` +
          `tool instead.`,
    };
  });

  pi.on("tool_result", (e) => {
    const input = (e.input ?? {}) as Record<string, unknown>;
    if (fallbackCalls.delete(e.toolCallId)) return undefined;
    safely(w, "evidence", () =>
      captureToolResult(w, { toolName: e.toolName, input, content: e.content, isError: e.isError }),
    );
    // lastActivityAt feeds the `silent` warning; throttled so a burst of calls is one status write.
    const now = Date.now();
    if (now - lastActivity >= ACTIVITY_THROTTLE_MS) {
      lastActivity = now;
      transition(w, "activity", (s) => {
        s.lastActivityAt = nowIso();
        return s;
      });
    }
    if (!endsTurn(e.toolName, e.details)) {
      steerWindow = true;
      try {
        mailbox.drain();
      } finally {
        steerWindow = false;
      }
    }
    return undefined;
  });
}
