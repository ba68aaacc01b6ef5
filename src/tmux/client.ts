// The only place that runs tmux. Socket: $DOCKET_TMUX_SOCKET (-L name), else
// $DOCKET_TMUX_SOCKET_PATH (-S path, used by hooks), else the server we are in ($TMUX), else tmux's default.
import { execa, execaSync } from "execa";
import { DocketError } from "../core/errors.js";

// Socket choice and argument escaping live in lite.ts (node built-ins only, shared with the extension).
import { liteCommandList, liteEscape, liteSocketArgs } from "./lite.js";
export { liteSocketArgs as socketArgs, liteCommandList as commandList, liteEscape as escapeArgs };
const socketArgs = liteSocketArgs;
const escapeArgs = liteEscape;

export interface TmuxResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

function explain(args: string[], err: { code?: string; stderr?: string; shortMessage?: string }): DocketError {
  if (err.code === "ENOENT") return new DocketError("tmux not found on PATH; install tmux 3.2 or newer");
  const why = (err.stderr || err.shortMessage || "failed").trim().split("\n")[0];
  return new DocketError(`tmux ${args[0] ?? ""}: ${why}`);
}

/** Run one tmux command (or a `;`-separated command list). Throws DocketError on failure. */
export async function tmux(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const env = opts.env ?? process.env;
  try {
    const r = await execa("tmux", [...socketArgs(env), ...escapeArgs(args)], { input: opts.input, env, extendEnv: false, stripFinalNewline: true });
    return r.stdout;
  } catch (err) {
    throw explain(args, err as { code?: string; stderr?: string });
  }
}

/** Like tmux() but never throws: for probes ("is the server there?"). */
export async function tmuxTry(args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): Promise<TmuxResult> {
  const env = opts.env ?? process.env;
  const r = await execa("tmux", [...socketArgs(env), ...escapeArgs(args)], { env, extendEnv: false, reject: false });
  return { stdout: String(r.stdout ?? ""), stderr: String(r.stderr ?? ""), exitCode: r.exitCode ?? (r.failed ? 127 : 0) };
}

export function tmuxSync(args: string[], env: NodeJS.ProcessEnv = process.env): TmuxResult {
  const r = execaSync("tmux", [...socketArgs(env), ...escapeArgs(args)], { env, extendEnv: false, reject: false });
  return { stdout: String(r.stdout ?? ""), stderr: String(r.stderr ?? ""), exitCode: r.exitCode ?? 127 };
}

export async function hasSession(name: string, env?: NodeJS.ProcessEnv): Promise<boolean> {
  const r = await tmuxTry(["has-session", "-t", `=${name}`], { env });
  return r.exitCode === 0;
}

/** Escape a value for inclusion in a tmux format/command string (e.g. run-shell argument quoting). */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
