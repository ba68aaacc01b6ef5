// The git adapter: every git call in docket goes through here. Errors name the command that failed.
import { isAbsolute } from "node:path";
import { DocketError } from "../core/errors.js";
import { runProc, stripFinalNewline } from "../core/proc.js";
import { procLabel, traceNow, traceSince } from "../core/trace.js";

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
  return `git ${args
    .filter((a) => !a.includes("\n"))
    .slice(0, 4)
    .join(" ")}`;
}

/** Run git; throws DocketError naming the command and git's first error line. */
export async function git(args: string[], opts: GitOptions): Promise<string> {
  const t0 = traceNow();
  const r = await runProc("git", args, {
    cwd: opts.cwd,
    input: opts.input,
    env: { ...process.env, ...opts.env, GIT_TERMINAL_PROMPT: "0" },
  });
  traceSince(procLabel("git", args), t0);
  if (r.errorCode === "ENOENT") throw new DocketError("git not found on PATH");
  if (r.exitCode !== 0) {
    const why = (r.stderr || (r.errorCode ? `could not start (${r.errorCode})` : `failed with exit code ${r.exitCode}`))
      .trim()
      .split("\n")[0];
    throw new DocketError(`${describe(args)} (in ${opts.cwd}): ${why}`);
  }
  return opts.raw ? r.stdout : stripFinalNewline(r.stdout);
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

/** What one `git rev-parse` tells about a directory's repo (see probeRepo). */
export interface RepoProbe {
  /** The top-level dir of the working tree. */
  root: string;
  /** The common git dir (shared by all worktrees), absolute. */
  commonDir: string;
  /** This working tree's index file, absolute. */
  indexFile: string;
  /** HEAD's commit; undefined in a repo without commits. */
  head?: string;
  /** HEAD's tree (known when head is). */
  headTree?: string;
}

const HEX = /^[0-9a-f]{40,64}$/;

/**
 * One `git rev-parse` for everything spawn needs to know about a repo: its top level, common dir,
 * index file, HEAD and HEAD's tree. undefined outside a repo. A repo without commits fails the HEAD
 * part but still prints the paths; only then is HEAD asked again, on its own (never ambiguous).
 * Like repoRootOf, a missing git is "not a repo" here: whoever needs git reports it.
 */
export async function probeRepo(dir: string): Promise<RepoProbe | undefined> {
  const t0 = traceNow();
  const r = await runProc(
    "git",
    [
      "rev-parse",
      "--show-toplevel",
      "--path-format=absolute",
      "--git-common-dir",
      "--git-path",
      "index",
      "HEAD",
      "HEAD^{tree}",
    ],
    {
      cwd: dir,
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0" },
    },
  );
  traceSince("git rev-parse (probe)", t0);
  const lines = String(r.stdout ?? "").split("\n");
  const [root, commonDir, indexFile, head, headTree] = lines;
  if (!root || !commonDir || !indexFile || !isAbsolute(root)) return undefined;
  if (r.exitCode === 0 && head && headTree && HEX.test(head) && HEX.test(headTree))
    return { root, commonDir, indexFile, head, headTree };
  const only = (await gitTry(["rev-parse", "--verify", "-q", "HEAD"], { cwd: root }))?.trim();
  if (!only || !HEX.test(only)) return { root, commonDir, indexFile };
  const tree = (await gitTry(["rev-parse", "--verify", "-q", `${only}^{tree}`], { cwd: root }))?.trim();
  return { root, commonDir, indexFile, head: only, ...(tree && HEX.test(tree) ? { headTree: tree } : {}) };
}

/** NUL-separated git output → list of paths. */
export function splitZ(out: string): string[] {
  return out.split("\0").filter(Boolean);
}
