// The few settings the extension needs, read leniently by hand (a bad file keeps the defaults; the CLI
// reports it): docket's `worker.reminder` and pi's retry settings, to know whether pi retries by itself.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const j: unknown = JSON.parse(readFileSync(file, "utf8"));
    return j && typeof j === "object" && !Array.isArray(j) ? (j as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // missing or broken: the CLI reports bad config files; the worker keeps defaults
  }
}

function pick(o: Record<string, unknown> | undefined, ...path: string[]): unknown {
  let cur: unknown = o;
  for (const k of path) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

function agentDir(env: NodeJS.ProcessEnv): string {
  return env.PI_CODING_AGENT_DIR || join(homedir(), ".pi", "agent");
}

/** `worker.reminder` from docket.json (user, then project); default on. */
export function reminderEnabled(projectRoot: string | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  let on = true;
  for (const file of [join(agentDir(env), "docket.json"), projectRoot ? join(projectRoot, ".pi", "docket.json") : ""]) {
    if (!file) continue;
    const v = pick(readJson(file), "worker", "reminder");
    if (typeof v === "boolean") on = v;
  }
  return on;
}

export interface RetrySettings {
  enabled: boolean;
  maxRetries: number;
  baseDelayMs: number;
}

/** pi's agent-level retry settings (settings.json in the agent dir, then <cwd>/.pi/settings.json). */
export function retrySettings(cwd: string, env: NodeJS.ProcessEnv = process.env): RetrySettings {
  const r: RetrySettings = { enabled: true, maxRetries: 3, baseDelayMs: 2000 };
  for (const file of [join(agentDir(env), "settings.json"), join(cwd, ".pi", "settings.json")]) {
    const o = readJson(file);
    const enabled = pick(o, "retry", "enabled");
    const max = pick(o, "retry", "maxRetries");
    const base = pick(o, "retry", "baseDelayMs");
    if (typeof enabled === "boolean") r.enabled = enabled;
    if (typeof max === "number" && max >= 0) r.maxRetries = max;
    if (typeof base === "number" && base >= 0) r.baseDelayMs = base;
  }
  return r;
}

const RETRYABLE_ERROR = new RegExp(
  "overloaded|provider.?returned.?error|rate.?limit|too many requests|429|500|502|503|504|" +
    "service.?unavailable|server.?error|internal.?error|network.?error|connection.?error|" +
    "connection.?refused|connection.?lost|websocket.?closed|websocket.?error|other side closed|" +
    "fetch failed|upstream.?connect|reset before headers|socket hang up|ended without|" +
    "http2 request did not get a response|timed? out|timeout|terminated|retry delay",
  "i",
);

/** Mirrors pi's own test for errors it retries (overload, rate limit, 5xx, network). */
export function isRetryableError(message: string): boolean {
  return RETRYABLE_ERROR.test(message);
}
