// A real OpenSSH server on 127.0.0.1 for the tests and the bench of remote workers
// (test/helpers/sshd.ts re-exports it): its own sshd_config, host key, client key, authorized_keys and
// ssh client config, all in one short temp dir. Nothing reads the developer's ~/.ssh nor their shell's
// rc files: sshd gets an absolute AuthorizedKeysFile, PermitUserRC no and SetEnv HOME=<dir>/remote-home
// for its sessions, and every ssh runs with `-F configFile` (ssh finds ~ from the passwd entry, not
// $HOME, so the config names every file by absolute path) and an env whose HOME is a temp dir.
import { execa, execaSync, type ResultPromise } from "execa";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

export const SSHD_BIN = "/usr/sbin/sshd";

export interface SshWorld {
  port: number;
  /** Temp dir holding everything below (short, so `ControlPath=<dir>/cm-%C` fits a socket path). */
  dir: string;
  /** An ssh client config (`ssh -F configFile`) defining `Host loop`. */
  configFile: string;
  hostAlias: "loop";
  /** sshd's log (LogLevel VERBOSE). */
  logFile: string;
  /** "Accepted publickey" lines in the log since the harness was ready (its own readiness logins excluded). */
  acceptedConnections(): number;
  /** { DOCKET_SSH_CONFIG: configFile }: docket passes `-F $DOCKET_SSH_CONFIG` to ssh. */
  sshEnv: Record<string, string>;
  /** $HOME of the server's sessions (empty; the shell's cwd is still the passwd home). */
  remoteHome: string;
  /** The env the harness runs ssh with: PATH, a temp HOME, LANG. */
  env: Record<string, string>;
  /** Run `ssh -F configFile <args>` with that env, stdin ignored; never throws (check exitCode). */
  ssh(args: string[], opts?: { timeoutMs?: number }): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  /** Kill sshd, its per-connection children and their sessions' commands (nothing else), remove dir. */
  stop(): Promise<void>;
}

/** Whether the OpenSSH server is installed (tests skip with a clear reason otherwise; CI installs it). */
export function sshdAvailable(): boolean {
  return existsSync(SSHD_BIN);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error("no port from listen(0)"))));
    });
  });
}

function countAccepted(logFile: string): number {
  let text: string;
  try {
    text = readFileSync(logFile, "utf8");
  } catch {
    return 0;
  }
  return text.split("\n").filter((l) => l.includes("Accepted publickey")).length;
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

interface Proc {
  pid: number;
  ppid: number;
  /** Start time in clock ticks since boot: tells a process from a later one that reused its pid. */
  start: string;
  zombie: boolean;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // pid (comm) state ppid ... starttime (field 22): comm may hold spaces and parens, so split after the last ')'.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { pid, ppid: Number(f[1]), start: f[19] ?? "", zombie: f[0] === "Z" };
  } catch {
    return undefined;
  }
}

/** pid and its descendants. sshd forks a child per connection (which calls setsid, so the listener's
 * process group does not reach it), and the session's command runs under that child; once the child dies
 * the command is reparented to init, so the tree must be read before signalling anyone. */
function treeOf(pid: number): Proc[] {
  const kids = new Map<number, Proc[]>();
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc");
  } catch {
    // not Linux: only the listener
  }
  for (const e of entries) {
    const p = /^\d+$/.test(e) ? readProc(Number(e)) : undefined;
    if (p) kids.set(p.ppid, [...(kids.get(p.ppid) ?? []), p]);
  }
  const root = readProc(pid) ?? { pid, ppid: 0, start: "", zombie: false };
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(kids.get(out[i]!.pid) ?? []));
  return out;
}

/** Still running, and still the process that was read (not a newcomer on a reused pid). */
function running(p: Proc): boolean {
  const now = readProc(p.pid);
  if (!now) return p.start === "" && signal(p.pid, 0); // no /proc: fall back to kill(pid, 0)
  return !now.zombie && now.start === p.start;
}

function signal(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

function sshdConfig(dir: string, port: number, logLevel = "VERBOSE"): string {
  return [
    `Port ${port}`,
    "ListenAddress 127.0.0.1",
    `HostKey ${join(dir, "host_ed25519")}`,
    `PidFile ${join(dir, "sshd.pid")}`,
    `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
    "AuthorizedPrincipalsFile none",
    "StrictModes no",
    "UsePAM no",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PubkeyAuthentication yes",
    "PermitRootLogin prohibit-password",
    // The developer's ~/.ssh/rc must not run for the test's sessions.
    "PermitUserRC no",
    "PermitUserEnvironment no",
    // The session's shell must not source the developer's ~/.bashrc or ~/.profile (bash finds them through
    // $HOME): give sessions a HOME of their own. The session's cwd is still the passwd home.
    `SetEnv HOME=${join(dir, "remote-home")}`,
    "MaxSessions 50",
    "MaxStartups 50",
    `LogLevel ${logLevel}`,
    "",
  ].join("\n");
}

function clientConfig(dir: string, port: number, user: string): string {
  return [
    "Host loop",
    "  HostName 127.0.0.1",
    `  Port ${port}`,
    `  User ${user}`,
    `  IdentityFile ${join(dir, "client_key")}`,
    "  IdentitiesOnly yes",
    "  IdentityAgent none",
    `  UserKnownHostsFile ${join(dir, "known_hosts")}`,
    "  GlobalKnownHostsFile /dev/null",
    "  StrictHostKeyChecking accept-new",
    "  BatchMode yes",
    "  LogLevel ERROR",
    "",
  ].join("\n");
}

/** Start a private sshd on a free 127.0.0.1 port and wait until `ssh -F configFile loop true` logs in. */
export async function startSshd(): Promise<SshWorld> {
  if (!sshdAvailable()) throw new Error(`${SSHD_BIN} not found (install openssh-server)`);
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "dk-ssh-")));
  const home = join(dir, "home");
  const remoteHome = join(dir, "remote-home");
  mkdirSync(home);
  mkdirSync(remoteHome);
  const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, LANG: "C.UTF-8" };
  const user = userInfo().username;
  const configFile = join(dir, "ssh_config");
  const sshdConfigFile = join(dir, "sshd_config");
  const logFile = join(dir, "sshd.log");
  let child: ResultPromise | undefined;

  const ssh: SshWorld["ssh"] = async (args, opts = {}) => {
    const r = await execa("ssh", ["-F", configFile, ...args], {
      env,
      extendEnv: false,
      reject: false,
      stdin: "ignore",
      timeout: opts.timeoutMs ?? 30_000,
    });
    const stderr = String(r.stderr) + (r.timedOut ? `\n(ssh timed out after ${opts.timeoutMs ?? 30_000} ms)` : "");
    return { stdout: String(r.stdout), stderr: stderr.trim(), exitCode: r.exitCode ?? -1 };
  };

  const kill = async () => {
    const c = child;
    if (c?.pid === undefined) return;
    // The listener, its connection children and their sessions' commands: all started by this sshd.
    const tree = treeOf(c.pid);
    for (const sig of ["SIGTERM", "SIGKILL"] as const) {
      for (const p of tree) if (running(p)) signal(p.pid, sig);
      for (let i = 0; i < 30 && tree.some(running); i++) await sleep(100);
      if (!tree.some(running)) break;
    }
    await c.catch(() => {});
    child = undefined;
  };

  try {
    if (process.getuid?.() === 0) mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
    const keygen = (file: string) =>
      execaSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "docket-test", "-f", file], {
        env,
        extendEnv: false,
        stdin: "ignore",
      });
    keygen(join(dir, "host_ed25519"));
    keygen(join(dir, "client_key"));
    writeFileSync(join(dir, "authorized_keys"), readFileSync(join(dir, "client_key.pub")));

    let port = 0;
    let lastError = "";
    for (let attempt = 0; attempt < 5; attempt++) {
      port = await freePort();
      writeFileSync(sshdConfigFile, sshdConfig(dir, port));
      writeFileSync(configFile, clientConfig(dir, port, user));
      writeFileSync(logFile, "");
      const c = execa(SSHD_BIN, ["-D", "-E", logFile, "-f", sshdConfigFile], {
        env,
        extendEnv: false,
        reject: false,
        stdio: "ignore",
      });
      child = c;
      let exited = false;
      c.then(() => {
        exited = true;
      });
      const deadline = Date.now() + 20_000;
      let ready = false;
      while (!exited && Date.now() < deadline) {
        const r = await ssh(["-o", "ConnectTimeout=5", "loop", "true"], { timeoutMs: 10_000 });
        if (r.exitCode === 0) {
          ready = true;
          break;
        }
        lastError = r.stderr || `exit ${r.exitCode}`;
        await sleep(100);
      }
      if (ready) break;
      const log = tail(logFile);
      if (exited && /bind|address already in use/i.test(log)) {
        child = undefined;
        continue; // someone took the port between our close and sshd's bind: pick another
      }
      await kill();
      const hint = /account is locked/.test(log) ? " (UsePAM no refuses a locked account: unlock the user)" : "";
      throw new Error(
        `sshd on 127.0.0.1:${port} never accepted a login${hint}; last ssh error: ${lastError || "(none)"}\n` +
          `sshd log tail:\n${log}`,
      );
    }
    if (!child) throw new Error(`sshd could not bind a port after 5 tries; last log:\n${tail(logFile)}`);

    const baseline = countAccepted(logFile);
    return {
      port,
      dir,
      configFile,
      hostAlias: "loop",
      logFile,
      acceptedConnections: () => countAccepted(logFile) - baseline,
      sshEnv: { DOCKET_SSH_CONFIG: configFile },
      remoteHome,
      env,
      ssh,
      async stop() {
        await kill();
        rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      },
    };
  } catch (err) {
    await kill();
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    throw err;
  }
}
