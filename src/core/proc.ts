// Running a program without a shell and collecting what it printed: the runner under git/git.ts and
// tmux/runner.ts. Node built-ins only, so git and tmux calls pay neither loading execa nor its per-call
// overhead. Never throws: a program that could not start is exit
// code 127 with `errorCode` set (e.g. ENOENT).
import { spawn, spawnSync } from "node:child_process";
import { constants } from "node:os";

export interface ProcResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Why the program could not be started at all (ENOENT, EACCES…). */
  errorCode?: string;
}

export interface ProcOptions {
  cwd?: string;
  /** The whole environment (not merged with process.env). */
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is /dev/null otherwise. */
  input?: string | Buffer;
  /** Stop the program (SIGKILL) after this long: errorCode ETIMEDOUT. */
  timeoutMs?: number;
}

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
}

export function runProc(cmd: string, args: string[], opts: ProcOptions = {}): Promise<ProcResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: ProcResult) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const text = () => ({ stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(cmd, args, {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      });
    } catch (e) {
      done({ stdout: "", stderr: "", exitCode: 127, errorCode: (e as NodeJS.ErrnoException).code ?? "ESPAWN" });
      return;
    }
    child.stdout!.on("data", (b: Buffer) => out.push(b));
    child.stderr!.on("data", (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
          }, opts.timeoutMs);
    const finish = (r: ProcResult) => {
      if (timer) clearTimeout(timer);
      done(timedOut ? { ...r, exitCode: 124, errorCode: "ETIMEDOUT" } : r);
    };
    child.on("error", (e: NodeJS.ErrnoException) =>
      finish({ ...text(), exitCode: 127, errorCode: e.code ?? "ESPAWN" }),
    );
    child.on("close", (code, signal) => finish({ ...text(), exitCode: exitCodeOf(code, signal) }));
    if (opts.input !== undefined) {
      child.stdin!.on("error", () => undefined); // the program may exit without reading it all
      child.stdin!.end(opts.input);
    }
  });
}

export function runProcSync(cmd: string, args: string[], opts: ProcOptions = {}): ProcResult {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    input: opts.input,
    encoding: "utf8",
    stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}),
  });
  if (r.error)
    return {
      stdout: r.stdout ?? "",
      stderr: r.stderr ?? "",
      exitCode: 127,
      errorCode: (r.error as NodeJS.ErrnoException).code ?? "ESPAWN",
    };
  return { stdout: r.stdout ?? "", stderr: r.stderr ?? "", exitCode: exitCodeOf(r.status, r.signal) };
}

/** execa's stripFinalNewline: one trailing newline (\n or \r\n) off. */
export function stripFinalNewline(s: string): string {
  return s.endsWith("\r\n") ? s.slice(0, -2) : s.endsWith("\n") ? s.slice(0, -1) : s;
}
