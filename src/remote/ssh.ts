// The only place that runs ssh (docs/remote.md). The person's own OpenSSH, config, keys and agent; one
// ControlMaster connection per host, started explicitly (`-fN`, so no pipe of ours is ever held by the
// backgrounded master) and reused by every call. What runs remotely is always the configured docket
// command followed by the fixed words `remote <op>`, each shell-quoted: no user text is ever part of
// the remote command line. Requests travel on stdin as one JSON line (plus raw bytes for a bundle);
// answers come back as JSON lines and are parsed as data, never evaluated.
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DocketError } from "../core/errors.js";
import { fnv1a32 } from "../core/hash.js";
import { type ProcResult, runProc, runProcSync } from "../core/proc.js";
import { shellQuote } from "../core/quote.js";
import { sanitizeLine } from "../core/sanitize.js";
import { type Host, hostDir, writeReach } from "../store/hosts.js";
import { withLockAsync } from "../store/lock.js";
import { nowIso } from "../store/fsutil.js";

/** ssh could not reach the host (exit 255, a timeout): the host's mark, not a worker's failure. */
export class HostUnreachable extends DocketError {
  constructor(
    readonly host: string,
    readonly why: string,
  ) {
    super(`host ${host} is unreachable: ${why}`);
    this.name = "HostUnreachable";
  }
}

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The remote command line: `env K=V … <docket command> remote <op…>`, every word shell-quoted. */
export function remoteCommand(host: Host, op: string[]): string {
  const vars = { ...host.env, ...(host.dir ? { DOCKET_HOME: host.dir } : {}) };
  for (const k of Object.keys(vars))
    if (!ENV_KEY.test(k)) throw new DocketError(`host ${host.name}: bad variable name ${JSON.stringify(k)} in env`);
  if (!host.command.length) throw new DocketError(`host ${host.name}: empty command`);
  const env = Object.entries(vars).map(([k, v]) => `${k}=${v}`);
  return [...(env.length ? ["env", ...env] : []), ...host.command, "remote", ...op].map(shellQuote).join(" ");
}

/**
 * Where a host's master socket lives: a short path (sun_path holds ~104 bytes), private to this store,
 * named after the host (not ssh's %C), so a socket left by a master that was killed can be removed
 * before a new master starts (ssh would otherwise refuse to be master and every call would open its
 * own connection).
 */
export function controlPath(home: string, name: string): string {
  let dir = join(home, "ssh");
  if (dir.length + name.length + 2 > 100)
    dir = join(tmpdir(), `docket-ssh-${process.getuid?.() ?? 0}-${fnv1a32(home)}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // A shared tmp dir someone else made first must not hold our sockets.
  const st = statSync(dir);
  if (st.uid !== (process.getuid?.() ?? st.uid) || (st.mode & 0o077) !== 0)
    throw new DocketError(`${dir}: not a private dir of ours (owner ${st.uid}, mode ${(st.mode & 0o777).toString(8)})`);
  return join(dir, name);
}

/** How long a new connection may take before the host counts as unreachable. */
const CONNECT_TIMEOUT_S = 8;

/** Options every ssh call shares: the person's config (or $DOCKET_SSH_CONFIG), the master's socket. */
export function sshOptions(home: string, host: Host, env: NodeJS.ProcessEnv): string[] {
  return [
    ...(env.DOCKET_SSH_CONFIG ? ["-F", env.DOCKET_SSH_CONFIG] : []),
    "-o",
    `ControlPath=${controlPath(home, host.name)}`,
    "-o",
    "BatchMode=yes",
    // Only used when the master is down and a call connects by itself (peek's sync capture).
    "-o",
    `ConnectTimeout=${CONNECT_TIMEOUT_S}`,
  ];
}

/** ssh's last words (its last non-empty line), fit to show. */
function lastLine(s: string): string {
  const lines = s
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return sanitizeLine(lines.at(-1) ?? "no answer");
}

export function sshBin(env: NodeJS.ProcessEnv): string {
  return env.DOCKET_SSH || "ssh";
}

/** `ssh -O <cmd>`: a question or order to the host's master through its socket, no network. */
function controlArgv(home: string, host: Host, env: NodeJS.ProcessEnv, cmd: "check" | "exit"): string[] {
  return [...sshOptions(home, host, env), "-O", cmd, "--", host.destination];
}

/** Is the master up? */
export async function masterUp(home: string, host: Host, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const r = await runProc(sshBin(env), controlArgv(home, host, env, "check"), {
    env,
    timeoutMs: 5000,
  });
  return r.exitCode === 0;
}

/**
 * Make sure the host's master connection is up, starting it if not. Serialised per host, so two
 * commands never open two connections. Throws HostUnreachable (and marks the host) when ssh fails.
 */
export async function ensureMaster(home: string, host: Host, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (await masterUp(home, host, env)) return;
  const dir = hostDir(home, host.name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  await withLockAsync(join(dir, "master.lock"), async () => {
    if (await masterUp(home, host, env)) return;
    rmSync(controlPath(home, host.name), { force: true }); // a dead master's socket
    const log = join(dir, "master.log");
    const fd = openSync(log, "w", 0o600);
    const args = [
      ...sshOptions(home, host, env),
      "-o",
      "ControlMaster=yes",
      "-o",
      "ControlPersist=600",
      "-o",
      "ServerAliveInterval=5",
      "-o",
      "ServerAliveCountMax=3",
      "-f",
      "-N",
      "--",
      host.destination,
    ];
    // -f: ssh goes to the background once authenticated, so its exit tells us the connection is up.
    // Its stderr goes to a file, never to a pipe the backgrounded master would keep open.
    const code = await new Promise<number>((resolve) => {
      const child = spawn(sshBin(env), args, { env, stdio: ["ignore", "ignore", fd], detached: true });
      const timer = setTimeout(() => child.kill("SIGKILL"), (CONNECT_TIMEOUT_S + 7) * 1000);
      child.on("error", () => resolve(127));
      child.on("close", (c) => {
        clearTimeout(timer);
        resolve(c ?? 255);
      });
    });
    closeSync(fd);
    if (code !== 0) {
      let why = "ssh failed";
      try {
        why = lastLine(readFileSync(log, "utf8"));
      } catch {
        /* no log */
      }
      if (code === 127) why = `cannot run ${sshBin(env)}`;
      markReach(home, host.name, false, why);
      throw new HostUnreachable(host.name, why);
    }
  });
}

/** Close the host's master connection (`docket hosts remove`, tests). */
export async function closeMaster(home: string, host: Host, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runProc(sshBin(env), controlArgv(home, host, env, "exit"), {
    env,
    timeoutMs: 5000,
  });
}

/** Record what a contact with the host observed; a change republishes the status line's mark. */
export function markReach(home: string, name: string, ok: boolean, why?: string): void {
  try {
    const changed = writeReach(home, name, { ok, at: nowIso(), ...(why ? { error: why } : {}) });
    if (changed) void import("../tmux/publish.js").then((m) => m.publishFleet(home)).catch(() => undefined);
  } catch {
    /* the mark is advisory */
  }
}

export interface CallOptions {
  env?: NodeJS.ProcessEnv;
  /** Raw bytes after the request line (a git bundle). */
  extra?: Buffer;
  timeoutMs?: number;
}

/** ssh argv for running `remote <op>` on the host through its master. */
export function callArgv(home: string, host: Host, op: string[], env: NodeJS.ProcessEnv, tty = false): string[] {
  return [
    ...sshOptions(home, host, env),
    "-o",
    "ControlMaster=no",
    tty ? "-t" : "-T",
    "--",
    host.destination,
    remoteCommand(host, op),
  ];
}

/** One line of a remote answer: an object (anything else on stdout, e.g. a login banner, is ignored). */
export type Line = Record<string, unknown>;

export function parseLines(stdout: string): Line[] {
  const out: Line[] = [];
  for (const raw of stdout.split("\n")) {
    const l = raw.trim();
    if (!l.startsWith("{")) continue;
    try {
      const v = JSON.parse(l) as unknown;
      if (v && typeof v === "object" && !Array.isArray(v)) out.push(v as Line);
    } catch {
      /* a torn or foreign line: not ours */
    }
  }
  return out;
}

/**
 * Run `remote <op>` with `request` on stdin; the answer's lines. The last line is `{"ok":true,…}` or
 * `{"error":"…"}` (a DocketError naming the host). Exit 255 or a timeout: HostUnreachable.
 */
export async function call(
  home: string,
  host: Host,
  op: string,
  request: object,
  opts: CallOptions = {},
): Promise<{ lines: Line[]; result: Line }> {
  const env = opts.env ?? process.env;
  await ensureMaster(home, host, env);
  const head = Buffer.from(`${JSON.stringify(request)}\n`);
  const r: ProcResult = await runProc(sshBin(env), callArgv(home, host, [op], env), {
    env,
    input: opts.extra ? Buffer.concat([head, opts.extra]) : head,
    timeoutMs: opts.timeoutMs ?? 60_000,
  });
  if (r.exitCode === 255 || r.errorCode === "ETIMEDOUT") {
    const why = r.errorCode === "ETIMEDOUT" ? "no answer in time" : lastLine(r.stderr);
    markReach(home, host.name, false, why);
    throw new HostUnreachable(host.name, why);
  }
  markReach(home, host.name, true);
  const lines = parseLines(r.stdout);
  const result = lines.at(-1);
  if (!result || (result.ok !== true && typeof result.error !== "string")) {
    const said = lastLine(r.stderr || r.stdout);
    const hint = `docket doctor --host ${host.name}`;
    throw new DocketError(
      `host ${host.name}: docket remote ${op} gave no answer (exit ${r.exitCode}: ${said}); ${hint}`,
    );
  }
  if (typeof result.error === "string") throw new DocketError(`host ${host.name}: ${sanitizeLine(result.error)}`);
  return { lines: lines.slice(0, -1), result };
}

export interface Stream {
  /** Resolves with ssh's exit code when the stream ends (the connection dropped, or the remote ended it). */
  done: Promise<number>;
  stop(): void;
}

/** Run `remote <op>` as a stream: each JSON line as it arrives. For the follower (workers/follow.ts). */
export function stream(
  home: string,
  host: Host,
  op: string,
  request: object,
  onLine: (l: Line) => void,
  env: NodeJS.ProcessEnv = process.env,
): Stream {
  const child = spawn(sshBin(env), callArgv(home, host, [op], env), { env, stdio: ["pipe", "pipe", "ignore"] });
  let buf = "";
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => {
    buf += chunk;
    for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      for (const l of parseLines(line)) onLine(l);
    }
  });
  child.stdin!.on("error", () => undefined);
  // stdin stays open: the remote end watches it, so the stream dies with the connection or with us.
  child.stdin!.write(`${JSON.stringify(request)}\n`);
  const done = new Promise<number>((resolve) => {
    child.on("error", () => resolve(127));
    child.on("close", (c) => resolve(c ?? 255));
  });
  return { done, stop: () => child.kill("SIGTERM") };
}

/**
 * `call` for a synchronous caller (peek's refresh loop), through the master if it is up. The result
 * line, or undefined when the host did not answer (nothing thrown: peek shows the saved tail instead).
 */
export function callSync(
  home: string,
  host: Host,
  op: string,
  request: object,
  opts: CallOptions = {},
): Line | undefined {
  const env = opts.env ?? process.env;
  // No master, no call: a frame must not wait on a connection that may never come.
  const up = runProcSync(sshBin(env), controlArgv(home, host, env, "check"), {
    env,
    timeoutMs: 3000,
  });
  if (up.exitCode !== 0) return undefined;
  const r = runProcSync(sshBin(env), callArgv(home, host, [op], env), {
    env,
    input: `${JSON.stringify(request)}\n`,
    timeoutMs: opts.timeoutMs ?? 10_000,
  });
  if (r.exitCode === 255 || r.errorCode) return undefined;
  const last = parseLines(r.stdout).at(-1);
  return last?.ok === true ? last : undefined;
}
