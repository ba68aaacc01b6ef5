// A private world for the demo and the bench: its own tmux server (-L socket, own TMUX_TMPDIR,
// -f /dev/null), temp DOCKET_HOME, PI_CODING_AGENT_DIR and HOME, pi from node_modules.
// Nothing here touches the person's own tmux server or ~/.pi.
import { execa } from "execa";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { packageRoot } from "../store/paths.js";

export const ROOT = packageRoot();
export const DOCKET_BIN = join(ROOT, "bin", "docket");
export const PI_BIN = join(ROOT, "node_modules", ".bin", "pi");
export const PLUGIN = join(ROOT, "docket.tmux");

export interface World {
  dir: string;
  home: string;
  agentDir: string;
  socket: string;
  env: NodeJS.ProcessEnv;
  /** Run tmux on the private server; throws with tmux's message on failure. */
  tmux(...args: string[]): Promise<string>;
  /** Run tmux on the private server; never throws. */
  tmuxTry(...args: string[]): Promise<{ stdout: string; exitCode: number }>;
  /** Run bin/docket in this world; never throws (check exitCode). */
  docket(
    args: string[],
    opts?: { cwd?: string; input?: string },
  ): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  /** Start the server with a first session `name` (its first window runs `command` when given). */
  startServer(name: string, command?: string[]): Promise<void>;
  /** Source docket.tmux into the server, if the plugin exists. Returns a note when it could not. */
  loadPlugin(): Promise<string | undefined>;
  cleanup(): Promise<void>;
}

export function createWorld(prefix = "docket-demo"): World {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), `${prefix}-`)));
  const home = join(dir, "docket-home");
  const agentDir = join(dir, "pi-agent");
  const tmuxTmp = join(dir, "tmux");
  const userHome = join(dir, "home");
  for (const d of [tmuxTmp, agentDir, userHome]) mkdirSync(d, { recursive: true, mode: 0o700 });
  const socket = `${prefix}-${randomBytes(4).toString("hex")}`;
  // A fixed, small environment: nothing of the caller's TMUX, TMUX_PANE or API keys leaks in.
  const env: NodeJS.ProcessEnv = {
    PATH: `${join(ROOT, "bin")}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    HOME: userHome,
    LANG: process.env.LANG || "C.UTF-8",
    TERM: process.env.TERM && process.env.TERM !== "dumb" ? process.env.TERM : "xterm-256color",
    SHELL: process.env.SHELL || "/bin/sh",
    TMUX_TMPDIR: tmuxTmp,
    DOCKET_HOME: home,
    DOCKET_TMUX_SOCKET: socket,
    DOCKET_PI: PI_BIN,
    PI_CODING_AGENT_DIR: agentDir,
    PI_OFFLINE: "1",
    GIT_AUTHOR_NAME: "docket demo",
    GIT_AUTHOR_EMAIL: "demo@docket.invalid",
    GIT_COMMITTER_NAME: "docket demo",
    GIT_COMMITTER_EMAIL: "demo@docket.invalid",
    GIT_CONFIG_NOSYSTEM: "1",
  };
  const base = ["-L", socket];
  const world: World = {
    dir,
    home,
    agentDir,
    socket,
    env,
    tmux: async (...args) =>
      (await execa("tmux", [...base, ...args], { env, extendEnv: false, stdin: "ignore" })).stdout,
    tmuxTry: async (...args) => {
      const r = await execa("tmux", [...base, ...args], { env, extendEnv: false, reject: false, stdin: "ignore" });
      return { stdout: String(r.stdout ?? ""), exitCode: r.exitCode ?? 127 };
    },
    docket: async (args, opts = {}) => {
      const r = await execa(DOCKET_BIN, args, {
        env,
        extendEnv: false,
        reject: false,
        cwd: opts.cwd ?? dir,
        input: opts.input,
        stdin: opts.input === undefined ? "ignore" : undefined,
      });
      return { stdout: String(r.stdout ?? ""), stderr: String(r.stderr ?? ""), exitCode: r.exitCode ?? -1 };
    },
    startServer: async (name, command) => {
      await execa(
        "tmux",
        [...base, "-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "200", "-y", "50", ...(command ?? [])],
        {
          env,
          extendEnv: false,
          stdin: "ignore",
        },
      );
      // Windows opened later (by docket or by the person) see the private store, never ~/.pi.
      for (const k of [
        "DOCKET_HOME",
        "DOCKET_TMUX_SOCKET",
        "DOCKET_PI",
        "PI_CODING_AGENT_DIR",
        "PI_OFFLINE",
        "HOME",
        "PATH",
      ]) {
        await world.tmux("set-environment", "-g", k, env[k] ?? "");
      }
    },
    loadPlugin: async () => {
      if (!existsSync(PLUGIN)) return "docket.tmux not found (tmux plugin not built yet): keys are not bound";
      const r = await world.tmuxTry("run-shell", PLUGIN);
      return r.exitCode === 0 ? undefined : `docket.tmux exited ${r.exitCode}: ${r.stdout.trim()}`;
    },
    cleanup: async () => {
      await execa("tmux", [...base, "kill-server"], { env, extendEnv: false, reject: false, stdin: "ignore" });
      // Dying workers (wrapper, extension) may write for a moment after kill-server: retry, never throw,
      // so a cleanup hiccup cannot mask the demo's real outcome.
      for (let i = 0; ; i++) {
        try {
          rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
          return;
        } catch (err) {
          if (i >= 30) {
            process.stderr.write(`docket demo: could not remove ${dir}: ${(err as Error).message}\n`);
            return;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
  };
  return world;
}
