// A hermetic world for one test: private tmux server (-L, -f /dev/null, own TMUX_TMPDIR),
// temp DOCKET_HOME and PI_CODING_AGENT_DIR, and the real pi from node_modules.
// Never touches the developer's tmux server or ~/.pi.
import { execa, execaSync } from "execa";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";

export const ROOT = resolve(import.meta.dirname, "..", "..");
export const DOCKET_BIN = join(ROOT, "bin", "docket");
/** The pi the tests run: the pinned devDependency, or DOCKET_TEST_PI (CI runs the end-to-end tests on pi 1.x too). */
export const PI_BIN = process.env.DOCKET_TEST_PI || join(ROOT, "node_modules", ".bin", "pi");

export interface Sandbox {
  dir: string;
  home: string;
  agentDir: string;
  socket: string;
  env: NodeJS.ProcessEnv;
  /** Run tmux on the private server. */
  tmux(...args: string[]): Promise<string>;
  /** Run bin/docket with the sandbox env; never throws (check exitCode). */
  docket(
    args: string[],
    opts?: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv },
  ): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  /** Start the private tmux server with a neutral session (so commands have a server to talk to). */
  startServer(): Promise<void>;
  cleanup(): Promise<void>;
}

export function makeSandbox(extraEnv: NodeJS.ProcessEnv = {}): Sandbox {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "docket-test-")));
  const home = join(dir, "docket-home");
  const agentDir = join(dir, "pi-agent");
  const tmuxTmp = join(dir, "tmux");
  execaSync("mkdir", ["-p", tmuxTmp, agentDir]);
  const socket = `docket-test-${randomBytes(4).toString("hex")}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: join(dir, "user-home"),
    LANG: "C.UTF-8",
    TERM: "xterm-256color",
    TMUX_TMPDIR: tmuxTmp,
    DOCKET_HOME: home,
    DOCKET_TMUX_SOCKET: socket,
    DOCKET_PI: PI_BIN,
    PI_CODING_AGENT_DIR: agentDir,
    PI_OFFLINE: "1",
    ...extraEnv,
  };
  execaSync("mkdir", ["-p", env.HOME!]);
  const sb: Sandbox = {
    dir,
    home,
    agentDir,
    socket,
    env,
    tmux: async (...args) => (await execa("tmux", ["-L", socket, ...args], { env, extendEnv: false })).stdout,
    docket: async (args, opts = {}) => {
      const r = await execa(DOCKET_BIN, args, {
        env: { ...env, ...opts.env },
        extendEnv: false,
        reject: false,
        input: opts.input,
        stdin: opts.input === undefined ? "ignore" : undefined,
        cwd: opts.cwd ?? dir,
      });
      return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
    },
    startServer: async () => {
      await execa(
        "tmux",
        ["-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "main", "-x", "200", "-y", "50"],
        { env, extendEnv: false },
      );
    },
    cleanup: async () => {
      await execa("tmux", ["-L", socket, "kill-server"], { env, extendEnv: false, reject: false });
      // A dying worker's wrapper may still write its exit-code file for a moment after kill-server.
      for (let i = 0; i < 20; i++) {
        try {
          rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
  };
  return sb;
}

/** Poll until fn returns a truthy value or the timeout passes. */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  timeoutMs = 15000,
  what = "condition",
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A git repo in a temp dir with one commit. */
export async function makeRepo(
  dir: string,
  files: Record<string, string> = { "README.md": "# demo\n" },
): Promise<string> {
  const { mkdirSync, writeFileSync } = await import("node:fs");
  const { dirname } = await import("node:path");
  mkdirSync(dir, { recursive: true });
  const git = (...a: string[]) =>
    execaSync("git", a, {
      cwd: dir,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@t",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@t",
      },
    });
  git("init", "-q", "-b", "main");
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
  git("add", "-A");
  git("commit", "-q", "-m", "init");
  return dir;
}
