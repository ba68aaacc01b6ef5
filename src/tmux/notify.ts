// Notify on a transition into needs_input, ready or failed: a short display-message on the clients of
// the session the worker was spawned from, and the user's @docket-notify-command if set.
// Node built-ins only (used by the extension). Never throws.
import { spawn } from "node:child_process";
import { sanitizeLine } from "../core/sanitize.js";
import { messageLiteral } from "./format.js";
import { commandList, tmuxSync } from "./runner.js";
import { cachedServerOptions, isOn, type DocketOptions, type OptionName } from "./options.js";

export interface Transition {
  id: string;
  label: string;
  task: string;
  from: string;
  to: string;
  /** Why, in a few words: the question, the summary or the failure reason. */
  text: string;
  originSession?: string;
}

const MAX_TEXT = 100;

/** Which on/off option governs a state; undefined = never notified. */
export function notifyOptionFor(state: string): OptionName | undefined {
  if (state === "needs_input") return "@docket-notify-needs-input";
  if (state === "ready") return "@docket-notify-ready";
  if (state === "failed" || state === "error") return "@docket-notify-failed";
  return undefined;
}

function oneLine(s: string, max: number): string {
  const flat = sanitizeLine(s).replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The message, e.g. `w3 asks: run migrations now?` (plain text, controls shown escaped; tmux escaping is separate). */
export function notifyMessage(t: Transition): string {
  const why = oneLine(t.text || t.task, MAX_TEXT);
  if (t.to === "needs_input") return `${t.label} asks: ${why}`;
  if (t.to === "ready") return `${t.label} ready: ${why}`;
  return `${t.label} failed: ${why}`;
}

/** Clients to notify: those on the origin session, else every attached client. */
export function pickClients(listing: string, originSession: string | undefined): string[] {
  const rows = listing
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const [name = "", session = ""] = l.split("\t");
      return { name, session };
    })
    .filter((r) => r.name);
  const onOrigin = originSession ? rows.filter((r) => r.session === originSession) : [];
  return (onOrigin.length ? onOrigin : rows).map((r) => r.name);
}

export function displayCommands(clients: string[], message: string, o: DocketOptions): string[][] {
  const dur = o["@docket-notify-duration"].trim();
  const d = /^\d+$/.test(dur) ? ["-d", dur] : [];
  return clients.map((c) => ["display-message", "-c", c, ...d, messageLiteral(message)]);
}

/** Run the user's notify command with the facts as arguments and env, never inside the shell text. */
export function runNotifyCommand(
  command: string,
  t: Transition,
  message: string,
  env: NodeJS.ProcessEnv = process.env,
): void {
  try {
    const child = spawn("/bin/sh", ["-c", command, "docket-notify", t.label, t.to, message, t.id], {
      detached: true,
      stdio: "ignore",
      env: {
        ...env,
        DOCKET_NOTIFY_ID: t.id,
        DOCKET_NOTIFY_LABEL: t.label,
        DOCKET_NOTIFY_STATE: t.to,
        DOCKET_NOTIFY_TEXT: message,
        DOCKET_NOTIFY_TASK: t.task,
      },
    });
    child.on("error", () => {});
    child.unref();
  } catch {
    /* a broken notify command must not hurt the worker */
  }
}

export function notifyTransition(_home: string, t: Transition, env: NodeJS.ProcessEnv = process.env): void {
  try {
    const gate = notifyOptionFor(t.to);
    if (!gate || t.from === t.to) return;
    const opts = cachedServerOptions(env);
    if (!opts || !isOn(opts.docket[gate])) return;
    const message = notifyMessage(t);
    const cmd = opts.docket["@docket-notify-command"].trim();
    if (cmd) runNotifyCommand(cmd, t, message, env);
    const list = tmuxSync(["list-clients", "-F", "#{client_name}\t#{session_name}"], env);
    if (!list.ok) return;
    const clients = pickClients(list.stdout, t.originSession);
    if (clients.length) tmuxSync(commandList(...displayCommands(clients, message, opts.docket)), env);
  } catch {
    /* notifications are best effort */
  }
}
