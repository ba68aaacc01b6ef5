// A synchronous tmux runner on node built-ins only, for code the worker extension loads at runtime
// (publish, notify, options). It also owns socket choice and argument escaping, which
// src/tmux/client.ts (the execa runner) re-exports, so both always reach the same server.
import { spawnSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { join } from "node:path";

export function liteSocketArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.DOCKET_TMUX_SOCKET) return ["-L", env.DOCKET_TMUX_SOCKET];
  if (env.DOCKET_TMUX_SOCKET_PATH) return ["-S", env.DOCKET_TMUX_SOCKET_PATH];
  const inside = env.TMUX?.split(",")[0];
  if (inside) return ["-S", inside];
  return [];
}

/** A stable key naming the server we talk to (for per-server caches). */
export function serverKey(env: NodeJS.ProcessEnv = process.env): string {
  return liteSocketArgs(env).join(" ") || "default";
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
export function liteSocketPath(env: NodeJS.ProcessEnv = process.env): string {
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
export function liteCommandList(...cmds: string[][]): string[] {
  const out: string[] = [];
  cmds.forEach((c, i) => {
    if (i > 0) out.push(SEP);
    out.push(...c);
  });
  return out;
}

/** tmux reads an argument ending in ';' as a separator; escape all but our own. */
export function liteEscape(args: string[]): string[] {
  return args.map((a) => (a === SEP ? ";" : a.endsWith(";") ? a.slice(0, -1) + "\\;" : a));
}

export interface LiteResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Run tmux; never throws. A short timeout keeps a wedged server from stalling a worker. */
export function tmuxLite(args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 2000): LiteResult {
  try {
    const r = spawnSync("tmux", [...liteSocketArgs(env), ...liteEscape(args)], {
      env,
      encoding: "utf8",
      timeout: timeoutMs,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { ok: r.status === 0, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
  } catch (err) {
    return { ok: false, stdout: "", stderr: (err as Error).message };
  }
}
