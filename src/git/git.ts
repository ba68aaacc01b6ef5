// The git adapter: every git call in docket goes through here. Errors name the command that failed.
// On node's child_process (no execa: loading it cost half a node start on every command).
import { spawn } from "node:child_process";
import { DocketError } from "../core/errors.js";

export interface GitOptions {
  cwd: string;
  input?: string;
  env?: NodeJS.ProcessEnv;
  /** Keep the trailing newline (patches must stay byte-exact). */
  raw?: boolean;
}

/** Fixed identity for docket's own commits (baselines), so no user git identity is needed. */
export const DOCKET_GIT_IDENTITY: NodeJS.ProcessEnv = {
  GIT_AUTHOR_NAME: "docket",
  GIT_AUTHOR_EMAIL: "docket@localhost",
  GIT_COMMITTER_NAME: "docket",
  GIT_COMMITTER_EMAIL: "docket@localhost",
  GIT_AUTHOR_DATE: "2000-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2000-01-01T00:00:00Z",
};

function describe(args: string[]): string {
  return `git ${args.filter((a) => !a.includes("\n")).slice(0, 4).join(" ")}`;
}

/** Drop one final newline (and a CR before it), as a shell's $(…) would. */
function stripFinalNewline(s: string): string {
  return s.endsWith("\n") ? s.slice(0, s.endsWith("\r\n") ? -2 : -1) : s;
}

interface GitRun {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Spawn git with the environment extended (not replaced) by opts.env; rejects only when git cannot start. */
function runGit(args: string[], opts: GitOptions): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env, GIT_TERMINAL_PROMPT: "0" },
      stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on("data", (b: Buffer) => out.push(b));
    child.stderr!.on("data", (b: Buffer) => err.push(b));
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), code, signal }));
    if (opts.input !== undefined) {
      child.stdin!.on("error", () => undefined); // git gone early: its exit says why
      child.stdin!.end(opts.input);
    }
  });
}

/** Run git; throws DocketError naming the command and git's first error line. */
export async function git(args: string[], opts: GitOptions): Promise<string> {
  let r: GitRun;
  try {
    r = await runGit(args, opts);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "ENOENT") throw new DocketError("git not found on PATH");
    throw new DocketError(`${describe(args)} (in ${opts.cwd}): ${(e.message || "failed").trim().split("\n")[0]}`);
  }
  if (r.code === 0) return opts.raw ? r.stdout : stripFinalNewline(r.stdout);
  const short = r.signal ? `Command was killed with ${r.signal}` : `Command failed with exit code ${r.code ?? 1}`;
  const why = (r.stderr.trim() || `${short}: git ${args.join(" ")}`).split("\n")[0];
  throw new DocketError(`${describe(args)} (in ${opts.cwd}): ${why}`);
}

/** Like git() but returns undefined instead of throwing (probes). */
export async function gitTry(args: string[], opts: GitOptions): Promise<string | undefined> {
  try {
    return await git(args, opts);
  } catch {
    return undefined;
  }
}

/** The repo's top-level dir for `dir`, or undefined outside a repo. */
export async function repoRootOf(dir: string): Promise<string | undefined> {
  const out = await gitTry(["rev-parse", "--show-toplevel"], { cwd: dir });
  return out ? out.trim() : undefined;
}

/** The project a command run in `cwd` belongs to: its git top level, else cwd itself. */
export async function projectOf(cwd: string): Promise<string> {
  return (await repoRootOf(cwd)) ?? cwd;
}

/** NUL-separated git output → list of paths. */
export function splitZ(out: string): string[] {
  return out.split("\0").filter(Boolean);
}
