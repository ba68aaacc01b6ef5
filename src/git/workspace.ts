// Worker workspaces. Writable kinds get an isolated copy of the parent's current state plus a baseline
// commit, so the change set is exactly the worker's edits; read-only kinds run in the parent dir.
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { createHash } from "node:crypto";
import { dirname, isAbsolute, join, relative } from "node:path";
import { DocketError } from "../core/errors.js";
import type { Workspace } from "../core/schema.js";
import { DOCKET_GIT_IDENTITY, git, gitTry, probeRepo, splitZ, type RepoProbe } from "./git.js";
import { withLockAsync } from "../store/lock.js";

export interface WorkspaceRequest {
  /** The directory the worker is spawned from. */
  parentDir: string;
  /** Where a writable workspace goes (<worker-dir>/workspace). */
  dest: string;
  writable: boolean;
  /** probeRepo(parentDir) when the caller already ran it (null: not a repo); probed here otherwise. */
  repo?: RepoProbe | null;
}

const SKIP_IN_COPY = new Set(["node_modules", ".git"]);

export async function createWorkspace(req: WorkspaceRequest): Promise<Workspace> {
  const repo = req.repo !== undefined ? (req.repo ?? undefined) : await probeRepo(req.parentDir);
  if (!req.writable) {
    return {
      type: "parent",
      path: req.parentDir,
      parentDir: req.parentDir,
      repoRoot: repo?.root,
      parentHead: repo?.head,
    };
  }
  // A repo without any commit has nothing to check out: treat it like a plain directory.
  if (repo?.head) return worktreeWorkspace(req, repo, repo.head);
  return copyWorkspace(req);
}

/** A baseline commit built in the parent repo (buildBaseline): what it holds beyond HEAD. */
export interface Baseline {
  commit: string;
  parentHead: string;
  /** Paths that differ from HEAD (the parent's dirty and untracked files); `added` are new ones. */
  dirty: string[];
  added: string[];
  /** sha1 of each seeded parent file, to tell the parent's later edits from docket's. */
  parentHashes: Record<string, string>;
}

/**
 * The baseline is built in the parent repo without touching it: a copy of its index (in `scratchDir`,
 * a 0700 dir of the worker's) takes `git add -A` (tracked edits, staged or not, deletions, and
 * untracked files that are not ignored), becomes a tree and a commit on top of HEAD. Four git
 * processes in a clean repo, five when something is dirty (its paths are hashed).
 */
export async function buildBaseline(repo: RepoProbe, parentHead: string, scratchDir: string): Promise<Baseline> {
  const index = join(scratchDir, ".baseline-index");
  const ienv = { GIT_INDEX_FILE: index };
  const dirty: string[] = [];
  const added: string[] = [];
  try {
    let copied = false;
    try {
      copyFileSync(repo.indexFile, index);
      copied = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    // No index yet (nothing was ever staged here): start from HEAD so tracked files stay tracked.
    if (!copied) await git(["read-tree", parentHead], { cwd: repo.root, env: ienv });
    await git(["add", "-A"], { cwd: repo.root, env: ienv });
    const tree = (await git(["write-tree"], { cwd: repo.root, env: ienv })).trim();
    // The dirty paths (for parentHashes) and the commit are independent: both at once.
    const names =
      tree === repo.headTree
        ? Promise.resolve("")
        : git(["diff-index", "--cached", "--name-status", "--no-renames", "-z", parentHead], {
            cwd: repo.root,
            env: ienv,
          });
    const commit = git(["-c", "commit.gpgsign=false", "commit-tree", "-p", parentHead, "-m", "docket baseline", tree], {
      cwd: repo.root,
      env: DOCKET_GIT_IDENTITY,
    });
    const [namesOut, commitOut] = await Promise.all([names, commit]);
    const fields = splitZ(namesOut); // status, path, status, path, …
    for (let i = 0; i + 1 < fields.length; i += 2) {
      dirty.push(fields[i + 1]!);
      if (fields[i] === "A") added.push(fields[i + 1]!);
    }
    return { commit: commitOut.trim(), parentHead, dirty, added, parentHashes: hashFiles(repo.root, dirty) };
  } finally {
    rmSync(index, { force: true });
    rmSync(`${index}.lock`, { force: true });
  }
}

/** The worktree: checked out at the baseline (one more git process). */
async function worktreeWorkspace(req: WorkspaceRequest, repo: RepoProbe, parentHead: string): Promise<Workspace> {
  // git creates the worktree with the umask (0755): it must only ever appear inside a 0700 dir.
  const dir = dirname(req.dest);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const b = await buildBaseline(repo, parentHead, dir);
  await worktreeLocked(
    repo.root,
    () => git(["worktree", "add", "--detach", "-q", req.dest, b.commit], { cwd: repo.root }),
    repo.commonDir,
  );
  chmodSync(req.dest, 0o700); // git creates it with the umask; store dirs are 0700
  copyEmbeddedRepos(repo.root, req.dest, b.added);
  return {
    type: "worktree",
    path: req.dest,
    baseline: b.commit,
    parentDir: req.parentDir,
    repoRoot: repo.root,
    parentHead,
    parentHashes: b.parentHashes,
  };
}

/**
 * A worktree of `commit` from `repo` (a bare repo a remote worker's baseline was shipped into, see
 * git/ship.ts): the remote end of `spawn --host`.
 */
export async function checkoutWorkspace(repo: string, commit: string, dest: string): Promise<Workspace> {
  const dir = dirname(dest);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  await worktreeLocked(repo, () => git(["worktree", "add", "--detach", "-q", dest, commit], { cwd: repo }), repo);
  chmodSync(dest, 0o700);
  return { type: "worktree", path: dest, baseline: commit, parentDir: repo, repoRoot: repo };
}

/**
 * An untracked git repo inside the parent is a gitlink in the baseline, which checks out as an empty
 * dir: copy its files as they are, so the worker sees what the parent has (as it does for any other
 * untracked file).
 */
function copyEmbeddedRepos(root: string, dest: string, added: string[]): void {
  for (const rel of added) {
    const from = join(root, rel);
    try {
      if (!lstatSync(from).isDirectory()) continue;
    } catch {
      continue;
    }
    cpSync(from, join(dest, rel), { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  }
}

async function copyWorkspace(req: WorkspaceRequest): Promise<Workspace> {
  mkdirSync(req.dest, { recursive: true, mode: 0o700 });
  chmodSync(dirname(req.dest), 0o700);
  copyTree(req.parentDir, req.dest, { count: 0 });
  await git(["init", "-q"], { cwd: req.dest });
  const baseline = await commitBaseline(req.dest);
  return { type: "copy", path: req.dest, baseline, parentDir: req.parentDir };
}

/** Above this many entries a plain-directory copy is refused: the worker belongs in a git repo. */
export const MAX_COPY_ENTRIES = 20_000;

/**
 * Copy a plain directory for a worker, skipping node_modules/.git and anything that contains the
 * destination itself (the store may live under the directory being copied).
 */
function copyTree(src: string, dst: string, seen: { count: number }): void {
  for (const ent of readdirSync(src, { withFileTypes: true })) {
    if (SKIP_IN_COPY.has(ent.name)) continue;
    const from = join(src, ent.name);
    const to = join(dst, ent.name);
    const rel = relative(from, dst);
    if (rel === "" || (!rel.startsWith("..") && !isAbsolute(rel))) continue;
    if (++seen.count > MAX_COPY_ENTRIES) {
      throw new DocketError(
        `${src}: more than ${MAX_COPY_ENTRIES} files to copy for a worker outside a git repo; spawn from a git repo ` +
          `or a smaller directory`,
      );
    }
    if (ent.isDirectory()) {
      mkdirSync(to, { recursive: true });
      copyTree(from, to, seen);
    } else if (ent.isFile() || ent.isSymbolicLink()) {
      cpSync(from, to, { verbatimSymlinks: true, preserveTimestamps: true });
    } // sockets, fifos and devices are not workspace content
  }
}

/** Commit everything as the baseline with a fixed identity (no user git config needed, no hooks). */
async function commitBaseline(dir: string): Promise<string> {
  await git(["add", "-A"], { cwd: dir });
  await git(
    [
      "-c",
      "commit.gpgsign=false",
      "-c",
      "core.hooksPath=/dev/null",
      "commit",
      "-q",
      "--allow-empty",
      "--no-verify",
      "-m",
      "docket baseline",
    ],
    { cwd: dir, env: DOCKET_GIT_IDENTITY },
  );
  return (await git(["rev-parse", "HEAD"], { cwd: dir })).trim();
}

/** sha1 (hex, of the raw bytes) of each seeded parent file that still exists, keyed by repo-relative path. */
function hashFiles(root: string, rels: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of new Set(rels)) {
    const file = join(root, rel);
    try {
      if (!lstatSync(file).isFile()) continue;
      out[rel] = createHash("sha1").update(readFileSync(file)).digest("hex");
    } catch {
      /* deleted in the parent: nothing to hash */
    }
  }
  return out;
}

/** The directory the worker starts in: the parent's subdirectory mirrored inside the workspace. */
export function workspaceCwd(ws: Workspace): string {
  if (ws.type === "parent") return ws.parentDir;
  if (ws.type === "worktree" && ws.repoRoot) {
    const rel = relative(ws.repoRoot, ws.parentDir);
    const inside = join(ws.path, rel);
    if (rel && !rel.startsWith("..") && existsSync(inside)) return inside;
  }
  return ws.path;
}

/** Remove a writable workspace (worktree or copy); a parent-dir workspace is never touched. */
export async function removeWorkspace(ws: Workspace): Promise<void> {
  if (ws.type === "parent") return;
  if (ws.type === "worktree" && ws.repoRoot && existsSync(ws.repoRoot)) {
    const repoRoot = ws.repoRoot;
    await worktreeLocked(repoRoot, async () => {
      await gitTry(["worktree", "remove", "--force", "--force", ws.path], { cwd: repoRoot });
      rmSync(ws.path, { recursive: true, force: true });
      await gitTry(["worktree", "prune"], { cwd: repoRoot });
    });
    return;
  }
  rmSync(ws.path, { recursive: true, force: true });
}

/** git names a worktree's admin dir after the path's basename (always "workspace" here) and picks
 *  free suffixes racily, so concurrent adds or removes in one repo fail: serialize them per repo. */
async function worktreeLocked<T>(repoRoot: string, fn: () => Promise<T>, commonDir?: string): Promise<T> {
  const common =
    commonDir ?? (await git(["rev-parse", "--path-format=absolute", "--git-common-dir"], { cwd: repoRoot })).trim();
  return withLockAsync(join(common, "docket-worktree.lock"), fn);
}
