// The git adapter: every git call in docket goes through here. Errors name the command that failed.
import { execa } from "execa";
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

/** Run git; throws DocketError naming the command and git's first error line. */
export async function git(args: string[], opts: GitOptions): Promise<string> {
  try {
    const r = await execa("git", args, {
      cwd: opts.cwd,
      input: opts.input,
      env: { ...opts.env, GIT_TERMINAL_PROMPT: "0" },
      stripFinalNewline: !opts.raw,
    });
    return r.stdout;
  } catch (err) {
    const e = err as { code?: string; stderr?: string; shortMessage?: string };
    if (e.code === "ENOENT") throw new DocketError("git not found on PATH");
    const why = (e.stderr || e.shortMessage || "failed").trim().split("\n")[0];
    throw new DocketError(`${describe(args)} (in ${opts.cwd}): ${why}`);
  }
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
