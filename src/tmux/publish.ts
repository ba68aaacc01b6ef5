// Publish the fleet summary to tmux options (@docket_status …). Called by whoever changes a worker's
// state (CLI, hooks, the worker extension on every state change and heartbeat).
// Node built-ins only: the worker extension imports this at runtime. Never throws.
import { readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import {
  formatSummary,
  summarize,
  type FleetSummary,
  type SummaryFormat,
  type SummaryWorker,
  type WarnThresholds,
} from "../core/summary.js";
import { unreachableHosts } from "../store/hosts.js";
import { fleetCostText } from "../core/cost.js";
import { contestedHint } from "../store/grades.js";
import { ID_PATTERN, workerPaths, workersDir } from "../store/layout.js";
import { commandList, socketPath, sameSocket, serverKey, tmuxSync } from "./runner.js";
import {
  cachedServerOptions,
  forgetServerOptions,
  hasPlaceholders,
  placeholderCommands,
  readServerOptions,
  type DocketOptions,
} from "./options.js";
import { compareText } from "../core/natural.js";

/** A worker as publish reads it: summary fields plus where its window is. */
export interface PublishWorker extends SummaryWorker {
  windowId?: string;
  socket?: string;
  updatedAt?: string;
  usage?: { cost?: number };
  /** The host a remote worker runs on. */
  host?: string;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
/** `{at}` of a result or failure: eviction dates a worker's rest from it. */
const at = (v: unknown): { at?: string } | undefined =>
  v && typeof v === "object" ? { at: str((v as Record<string, unknown>).at) } : undefined;

/** A lenient digest of status.json (only what the status line shows); a bad file is skipped, never fatal. */
export function toPublishWorker(json: unknown): PublishWorker | undefined {
  if (!json || typeof json !== "object") return undefined;
  const o = json as Record<string, unknown>;
  const label = str(o.label);
  const state = str(o.state);
  if (!label || !state) return undefined;
  const q = o.question && typeof o.question === "object" ? (o.question as Record<string, unknown>) : undefined;
  const t = o.tmux && typeof o.tmux === "object" ? (o.tmux as Record<string, unknown>) : undefined;
  return {
    label,
    state,
    reviewedAt: str(o.reviewedAt),
    loadedAt: str(o.loadedAt),
    createdAt: str(o.createdAt),
    startedAt: str(o.startedAt),
    heartbeatAt: str(o.heartbeatAt),
    lastActivityAt: str(o.lastActivityAt),
    updatedAt: str(o.updatedAt),
    endedAt: str(o.endedAt),
    result: at(o.result),
    failure: at(o.failure),
    question: q ? { askedAt: str(q.askedAt), answeredAt: str(q.answeredAt) } : undefined,
    usage:
      o.usage && typeof o.usage === "object" && typeof (o.usage as Record<string, unknown>).cost === "number"
        ? { cost: (o.usage as { cost: number }).cost }
        : undefined,
    headsUp:
      o.headsUp && typeof o.headsUp === "object" ? { at: str((o.headsUp as Record<string, unknown>).at) } : undefined,
    host: o.host && typeof o.host === "object" ? str((o.host as Record<string, unknown>).name) : undefined,
    windowId: t && /^@\d+$/.test(str(t.windowId) ?? "") ? str(t.windowId) : undefined,
    socket: t ? str(t.socket) : undefined,
  };
}

export function readPublishWorkers(home: string): PublishWorker[] {
  let ids: string[];
  try {
    ids = readdirSync(workersDir(home));
  } catch {
    return [];
  }
  const out: PublishWorker[] = [];
  for (const id of ids) {
    if (!ID_PATTERN.test(id)) continue;
    try {
      const w = toPublishWorker(JSON.parse(readFileSync(workerPaths(home, id).status, "utf8")));
      if (w) out.push(w);
    } catch {
      /* being written or deleted right now; the next publish catches it */
    }
  }
  return out;
}

/**
 * silentMinutes/waitingMinutes/dockIdleHideMinutes from the user's docket.json
 * (manual parse; defaults on any doubt).
 */
export function readThresholds(env: NodeJS.ProcessEnv = process.env): WarnThresholds {
  const th: WarnThresholds = { silentMinutes: 5, waitingMinutes: 30, dockIdleHideMinutes: 30 };
  try {
    const dir = env.PI_CODING_AGENT_DIR || join(homedir(), ".pi", "agent");
    const cfg = JSON.parse(readFileSync(join(dir, "docket.json"), "utf8")) as { worker?: Record<string, unknown> };
    const w = cfg?.worker;
    if (w && typeof w.silentMinutes === "number" && w.silentMinutes >= 0) th.silentMinutes = w.silentMinutes;
    if (w && typeof w.waitingMinutes === "number" && w.waitingMinutes >= 0) th.waitingMinutes = w.waitingMinutes;
    if (w && typeof w.dockIdleHideMinutes === "number" && w.dockIdleHideMinutes >= 0)
      th.dockIdleHideMinutes = w.dockIdleHideMinutes;
  } catch {
    /* no config file, or a bad one: the CLI reports bad config; the status line keeps going */
  }
  return th;
}

export function formatFromOptions(o: DocketOptions): SummaryFormat {
  return {
    template: o["@docket-status-format"],
    icons: {
      waiting: o["@docket-icon-waiting"],
      failed: o["@docket-icon-failed"],
      ready: o["@docket-icon-ready"],
      running: o["@docket-icon-running"],
    },
    styles: {
      waiting: o["@docket-style-waiting"],
      failed: o["@docket-style-failed"],
      ready: o["@docket-style-ready"],
      running: o["@docket-style-running"],
      warn: o["@docket-style-warn"],
    },
    idle: o["@docket-status-idle"],
  };
}

/** The icon a worker window carries in @docket_icon. */
export function stateIcon(state: string, o: DocketOptions): string {
  switch (state) {
    case "needs_input":
      return o["@docket-icon-waiting"];
    case "failed":
    case "error":
      return o["@docket-icon-failed"];
    case "ready":
      return o["@docket-icon-ready"];
    case "starting":
    case "active":
      return o["@docket-icon-running"];
    case "idle":
      return o["@docket-icon-idle"];
    default:
      return "";
  }
}

const MAX_WINDOWS = 64;

/** The tmux commands that publish one fleet picture (pure, for tests and the bench). */
/** `socket`: our server's socket path; windows recorded on another server are left alone. */
export function publishCommands(
  workers: PublishWorker[],
  summary: FleetSummary,
  o: DocketOptions,
  socket: string | undefined,
): string[][] {
  const cmds: string[][] = [
    ["set-option", "-g", "@docket_status", formatSummary(summary, formatFromOptions(o))],
    ["set-option", "-g", "@docket_waiting", String(summary.waiting)],
    ["set-option", "-g", "@docket_ready", String(summary.ready)],
    ["set-option", "-g", "@docket_failed", String(summary.failed)],
    ["set-option", "-g", "@docket_running", String(summary.running)],
    ["set-option", "-g", "@docket_cost", fleetCostText(workers)],
  ];
  // Newest windows first; -q: a window that is already gone must not abort the rest of the list.
  const mine = workers
    .filter((w) => w.windowId && (!w.socket || !socket || sameSocket(w.socket, socket)))
    .sort((a, b) => compareText(b.updatedAt ?? "", a.updatedAt ?? ""))
    .slice(0, MAX_WINDOWS);
  for (const w of mine) {
    cmds.push(["set-option", "-wq", "-t", w.windowId!, "@docket_state", w.state]);
    cmds.push(["set-option", "-wq", "-t", w.windowId!, "@docket_icon", stateIcon(w.state, o)]);
  }
  // set-option already redraws attached clients; this is for a client whose status is cached.
  // Last, because it fails when run outside any client and a failure ends the list.
  cmds.push(["refresh-client", "-S"]);
  return cmds;
}

// Skip the tmux call when nothing changed, but re-send at least once a minute so a restarted
// server heals.
const RESEND_MS = 60_000;
const last = new Map<string, { sig: string; at: number }>();

export interface PublishResult {
  published: boolean;
  reason: "sent" | "unchanged" | "no-server" | "failed" | "error";
  status?: string;
}

export function publishFleetResult(
  home: string,
  env: NodeJS.ProcessEnv = process.env,
  now = Date.now(),
): PublishResult {
  try {
    const opts = cachedServerOptions(env, now);
    if (!opts) return { published: false, reason: "no-server" };
    const workers = readPublishWorkers(home);
    const summary = summarize(workers, now, readThresholds(env));
    // A host that did not answer is one short mark, not an error per worker (docs/remote.md).
    const held = new Set(workers.map((w) => w.host));
    const away = held.size > 1 || !held.has(undefined) ? unreachableHosts(home).filter((h) => held.has(h)) : [];
    const marks = away.map((h) => `${h} unreachable`);
    summary.warning = [summary.warning, ...contestedHint(home, workers), ...marks].filter(Boolean).join(" · ");
    const socket = socketPath(env);
    const cmds = publishCommands(workers, summary, opts.docket, socket);
    const status = cmds[0]![3]!;
    // A placeholder the plugin never saw (set after it loaded): rewrite it now, from a fresh read so a
    // cached value never overwrites what the person set since.
    if (hasPlaceholders(opts.all)) {
      forgetServerOptions();
      const fresh = readServerOptions(env);
      if (fresh) cmds.unshift(...placeholderCommands(fresh.all));
    }
    const key = `${serverKey(env)}|${home}`;
    const sig = JSON.stringify(cmds);
    const prev = last.get(key);
    if (prev && prev.sig === sig && now - prev.at < RESEND_MS) return { published: false, reason: "unchanged", status };
    const r = tmuxSync(commandList(...cmds), env);
    // refresh-client fails without a client; the options before it are set all the same.
    const ok = r.ok || /no current client|can't find client/i.test(r.stderr);
    if (ok) last.set(key, { sig, at: now });
    return { published: ok, reason: ok ? "sent" : "failed", status };
  } catch {
    return { published: false, reason: "error" };
  }
}

/** Publish the fleet picture to the tmux server in our environment. Never throws. */
export function publishFleet(home: string, env: NodeJS.ProcessEnv = process.env): void {
  publishFleetResult(home, env);
}

/** For tests: forget what was sent, so the next publish always calls tmux. */
export function forgetPublished(): void {
  last.clear();
}
