// The only place that runs tmux: one runner with a synchronous and an asynchronous face, on node
// built-ins only (the worker extension loads it). It owns socket choice and argument escaping, so every
// caller reaches the same server the same way. Socket: $DOCKET_TMUX_SOCKET (-L name), else
// $DOCKET_TMUX_SOCKET_PATH (-S path, used by hooks), else the server we are in ($TMUX), else tmux's
// default. Both faces run tmux through core/proc.ts and return stdout without its final newline.
import { type ProcResult, runProc, runProcSync, stripFinalNewline } from "../core/proc.js";
import { realpathSync } from "node:fs";
import { join } from "node:path";
import { DocketError } from "../core/errors.js";
import { procLabel, traceNow, traceSince } from "../core/trace.js";

export function socketArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.DOCKET_TMUX_SOCKET) return ["-L", env.DOCKET_TMUX_SOCKET];
  if (env.DOCKET_TMUX_SOCKET_PATH) return ["-S", env.DOCKET_TMUX_SOCKET_PATH];
  const inside = env.TMUX?.split(",")[0];
  if (inside) return ["-S", inside];
  return [];
}

/** A stable key naming the server we talk to (for per-server caches). */
export function serverKey(env: NodeJS.ProcessEnv = process.env): string {
  return socketArgs(env).join(" ") || "default";
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** The socket file of the server we talk to, computed the way tmux does (for matching a worker's
 *  recorded tmux.socket, which is #{socket_path}). */
export function socketPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DOCKET_TMUX_SOCKET || !(env.DOCKET_TMUX_SOCKET_PATH || env.TMUX)) {
    const dir = real(join(env.TMUX_TMPDIR || "/tmp", `tmux-${process.getuid?.() ?? 0}`));
    return join(dir, env.DOCKET_TMUX_SOCKET || "default");
  }
  return real(env.DOCKET_TMUX_SOCKET_PATH || env.TMUX!.split(",")[0]!);
}

/** Whether a recorded socket path names the same server as `mine`. */
export function sameSocket(recorded: string, mine: string): boolean {
  return recorded === mine || real(recorded) === mine;
}

const SEP = "\u0000;";

/** Several commands in one tmux invocation. */
export function commandList(...cmds: string[][]): string[] {
  const out: string[] = [];
  cmds.forEach((c, i) => {
    if (i > 0) out.push(SEP);
    out.push(...c);
  });
  return out;
}

/** tmux reads an argument ending in ';' as a separator; escape all but our own. */
export function escapeArgs(args: string[]): string[] {
  return args.map((a) => (a === SEP ? ";" : a.endsWith(";") ? a.slice(0, -1) + "\\;" : a));
}

export interface TmuxResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  /** tmux's exit code; 127 when tmux could not be started at all. */
  exitCode: number;
  /** tmux is not on PATH (no server was asked anything). */
  missing?: boolean;
}

/** A finished run as docket reads it: stdout without its final newline; a tmux that could not start says why. */
function result(r: ProcResult): TmuxResult {
  const ok = r.exitCode === 0 && !r.errorCode;
  const stderr = r.errorCode && !r.stderr ? `tmux could not run (${r.errorCode})` : r.stderr;
  return {
    ok,
    stdout: stripFinalNewline(r.stdout),
    stderr,
    exitCode: r.exitCode,
    ...(r.errorCode === "ENOENT" ? { missing: true } : {}),
  };
}

/**
 * Run tmux and wait; never throws. A short timeout keeps a wedged server from stalling a worker or a
 * status redraw.
 */
export function tmuxSync(args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 2000): TmuxResult {
  const t0 = traceNow();
  try {
    return result(runProcSync("tmux", [...socketArgs(env), ...escapeArgs(args)], { env, timeoutMs }));
  } finally {
    traceSince(procLabel("tmux", args), t0);
  }
}

/** Like tmuxSync but without blocking the event loop (no timeout: these callers wait for tmux). */
export async function tmuxTry(
  args: string[],
  opts: { input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<TmuxResult> {
  const env = opts.env ?? process.env;
  const t0 = traceNow();
  try {
    return result(await runProc("tmux", [...socketArgs(env), ...escapeArgs(args)], { env, input: opts.input }));
  } finally {
    traceSince(procLabel("tmux", args), t0);
  }
}

/** Run one tmux command (or a command list) and return its stdout. Throws DocketError on failure. */
export async function tmux(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const r = await tmuxTry(args, opts);
  if (r.ok) return r.stdout;
  if (r.missing) throw new DocketError("tmux not found on PATH; install tmux 3.2 or newer");
  const why = (r.stderr.trim() || `exit ${r.exitCode}`).split("\n")[0];
  throw new DocketError(`tmux ${args[0] ?? ""}: ${why}`);
}

export async function hasSession(name: string, env?: NodeJS.ProcessEnv): Promise<boolean> {
  return (await tmuxTry(["has-session", "-t", `=${name}`], { env })).ok;
}
