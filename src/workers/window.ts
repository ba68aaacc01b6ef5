// Worker windows in the shared tmux session: open (one command list), probe, capture, kill.
import { resolve } from "node:path";
import { WORKER_SESSION } from "../core/env.js";
import { DocketError } from "../core/errors.js";
import { shellQuote } from "../core/quote.js";
import { commandList, tmux, tmuxTry } from "../tmux/runner.js";
import { formatLiteral } from "../tmux/format.js";
import { primeServerOptions } from "../tmux/options.js";
import { CLI_MAIN, RUN_WRAPPER } from "./launch.js";

/** Env that targets the tmux server a worker was started on (recorded socket path), else the default choice. */
export function socketEnv(socket: string | undefined, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (!socket) return env;
  return { ...env, DOCKET_TMUX_SOCKET: "", DOCKET_TMUX_SOCKET_PATH: socket };
}

/** Quote for tmux's command parser (double quotes: only \ " $ are special). */
export function tmuxQuote(s: string): string {
  return `"${s.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/** Literal text inside a string that tmux format-expands: # must be doubled (one rule: tmux/format.ts). */
export { formatLiteral };

/**
 * The pane-died hook: run-shell → sh → `node main.js hook pane-died <id> <pane> <status>`.
 * Store path and node path are baked in, single-quoted for sh, #-escaped for tmux formats,
 * and the whole thing double-quoted for tmux's parser.
 */
export function paneDiedHook(home: string, id: string, nodePath = process.execPath, cliMain = CLI_MAIN): string {
  const lit = (s: string) => formatLiteral(shellQuote(s));
  const sh = [
    `DOCKET_HOME=${lit(home)}`,
    "DOCKET_TMUX_SOCKET=",
    "DOCKET_TMUX_SOCKET_PATH='#{socket_path}'",
    lit(nodePath),
    lit(cliMain),
    `hook pane-died ${lit(id)} '#{hook_pane}' '#{pane_dead_status}'`,
    ">/dev/null 2>&1",
  ].join(" ");
  return `run-shell -b ${tmuxQuote(sh)}`;
}

/** Exact target for a worker window by name inside the shared session. */
export function windowTarget(windowName: string): string {
  return `=${WORKER_SESSION}:=${windowName}`;
}

export interface OpenWindow {
  /** Worker id, baked into the window's pane-died hook. */
  id: string;
  windowName: string;
  cwd: string;
  workerDir: string;
  home: string;
  /** Extra variables for the worker's environment (-e), e.g. DOCKET_WORKER_ID. */
  env: Record<string, string>;
  state: string;
}

export interface OpenedWindow {
  windowId: string;
  paneId: string;
  socket: string;
}

/**
 * One tmux command list: create the session if missing (neutral first window, no -e), open the worker
 * window with its env, then remain-on-exit, @docket_state and the pane-died hook on that window, so a
 * fast crash cannot lose the window or the harvest. It also reads the server's options, which the
 * status-line publish that follows a spawn or respawn needs (primed into tmux/options.ts's cache).
 */
export async function openWorkerWindow(o: OpenWindow, env: NodeJS.ProcessEnv = process.env): Promise<OpenedWindow> {
  const target = windowTarget(o.windowName);
  const exists = `#{S:#{?#{==:#{session_name},${WORKER_SESSION}},1,}}`;
  const envArgs = Object.entries(o.env).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
  const out = await tmux(
    commandList(
      ["start-server"],
      ["if-shell", "-F", exists, "", `new-session -d -s ${WORKER_SESSION} -n fleet -x 200 -y 50`],
      [
        "new-window",
        "-d",
        "-P",
        "-F",
        "#{window_id} #{pane_id} #{socket_path}",
        "-t",
        `=${WORKER_SESSION}:`,
        "-n",
        o.windowName,
        ...envArgs,
        "-c",
        formatLiteral(o.cwd),
        "--",
        process.execPath,
        RUN_WRAPPER,
        o.workerDir,
      ],
      ["set-option", "-w", "-t", target, "remain-on-exit", "on"],
      ["set-option", "-w", "-t", target, "@docket_state", o.state],
      ["set-hook", "-w", "-t", target, "pane-died", paneDiedHook(resolve(o.home), o.id)],
      // The options the status-line publish right after needs, in this same call.
      ["show-options", "-g"],
    ),
    { env },
  );
  const lines = out.split("\n");
  const at = lines.findIndex((l) => /^@\d+ %\d+ /.test(l));
  const m = at >= 0 ? /^(@\d+) (%\d+) (.+)$/.exec(lines[at]!) : null;
  if (!m) throw new DocketError(`tmux new-window: unexpected output ${JSON.stringify(out.slice(0, 200))}`);
  primeServerOptions(lines.slice(at + 1).join("\n"), env);
  return { windowId: m[1]!, paneId: m[2]!, socket: m[3]! };
}

export interface PaneInfo {
  paneId: string;
  windowId: string;
  dead: boolean;
  deadStatus?: number;
}

/** Panes of the worker session; undefined when the session (or server) is gone; null when tmux is missing. */
export async function listWorkerPanes(env: NodeJS.ProcessEnv = process.env): Promise<PaneInfo[] | undefined | null> {
  const r = await tmuxTry(
    ["list-panes", "-s", "-t", `=${WORKER_SESSION}:`, "-F", "#{pane_id} #{window_id} #{pane_dead} #{pane_dead_status}"],
    { env },
  );
  if (r.missing) return null;
  if (r.exitCode !== 0) return undefined;
  return r.stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const [paneId = "", windowId = "", dead = "0", status = ""] = l.split(" ");
      return { paneId, windowId, dead: dead === "1", deadStatus: status === "" ? undefined : Number(status) };
    });
}

/** Last ~200 lines of a pane (history included); empty string when the pane is gone. */
export async function capturePaneTail(paneId: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const r = await tmuxTry(["capture-pane", "-p", "-J", "-t", paneId, "-S", "-200"], { env });
  if (r.exitCode !== 0) return "";
  // -J keeps wrapped lines whole but also keeps padding: trim each line, drop the blank bottom.
  return (
    r.stdout
      .split("\n")
      .map((l) => l.trimEnd())
      .join("\n")
      .replace(/\s+$/, "") + "\n"
  );
}

export async function killWindow(windowId: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await tmuxTry(["kill-window", "-t", windowId], { env });
}

export async function setWindowState(
  windowId: string,
  state: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  await tmuxTry(["set-option", "-w", "-t", windowId, "@docket_state", state], { env });
}
