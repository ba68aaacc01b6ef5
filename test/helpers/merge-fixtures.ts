// Real change sets for the merge tests: a parent repo in a temp dir, workers spawned with the real
// createWorkspace (git worktree at a baseline commit) and frozen with the real freezeChangeSet.
import { execaSync } from "execa";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { WorkerStatus } from "../../src/core/schema.js";
import { createWorkspace } from "../../src/git/workspace.js";
import { freezeChangeSet } from "../../src/git/changeset.js";
import { workerPaths } from "../../src/store/layout.js";
import { fixtureStatus } from "./worker-fixture.js";

const ID = { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" };
export const git = (cwd: string, ...a: string[]) => execaSync("git", a, { cwd, env: { ...process.env, ...ID } }).stdout;

export interface MergeWorld {
  dir: string;
  home: string;
  repo: string;
  /** Spawn a worker from the parent as it is now, let `edit` change its workspace, freeze it. */
  worker(index: number, edit: (ws: string) => void): Promise<WorkerStatus>;
  write(path: string, content: string | Buffer): void;
  read(path: string): string;
  commit(msg: string): void;
  /** Everything that must not move when a promote is refused: status, index bytes, staged diff, file hashes, object count. */
  snapshot(): string;
  cleanup(): void;
}

export const lines = (n: number, f: (i: number) => string = (i) => `line ${i}`) =>
  Array.from({ length: n }, (_, i) => f(i + 1) + "\n").join("");
export const editLine = (text: string, n: number, to: string) =>
  text
    .split("\n")
    .map((l, i) => (i === n - 1 ? to : l))
    .join("\n");
/** A worker's edit for makeMergeWorld().worker: line `n` of `path` in its workspace becomes `to`. */
export const editIn = (path: string, n: number, to: string) => (ws: string) =>
  writeFileSync(join(ws, path), editLine(readFileSync(join(ws, path), "utf8"), n, to));

export function makeMergeWorld(files: Record<string, string | Buffer>): MergeWorld {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "docket-merge-test-")));
  const home = join(dir, "home");
  const repo = join(dir, "repo");
  mkdirSync(repo, { recursive: true });
  git(repo, "init", "-q", "-b", "main");
  const put = (p: string, c: string | Buffer) => {
    mkdirSync(dirname(join(repo, p)), { recursive: true });
    writeFileSync(join(repo, p), c);
  };
  for (const [p, c] of Object.entries(files)) put(p, c);
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "init");
  const sha = (f: string) => {
    try {
      return createHash("sha1").update(readFileSync(f)).digest("hex");
    } catch {
      return "missing";
    }
  };
  return {
    dir,
    home,
    repo,
    async worker(index, edit) {
      const id = `task-${index}-${(0x2000 + index).toString(16)}`;
      const paths = workerPaths(home, id);
      mkdirSync(paths.dir, { recursive: true });
      const ws = await createWorkspace({ parentDir: repo, dest: paths.workspace, writable: true });
      edit(ws.path);
      const cs = freezeChangeSet(ws.path, ws.baseline!, paths.patch);
      return fixtureStatus(index, {
        id,
        state: "ready",
        project: repo,
        workspace: ws,
        changeSet: cs,
        createdAt: new Date(Date.now() + index).toISOString(),
      });
    },
    write: put,
    read: (p) => readFileSync(join(repo, p), "utf8"),
    commit(msg) {
      git(repo, "add", "-A");
      git(repo, "commit", "-q", "-m", msg);
    },
    snapshot() {
      // GIT_OPTIONAL_LOCKS=0: status must not refresh (rewrite) the index it is checking.
      const q = (...a: string[]) =>
        execaSync("git", a, { cwd: repo, env: { ...process.env, GIT_OPTIONAL_LOCKS: "0" } }).stdout;
      const index = sha(join(repo, ".git", "index"));
      const tracked = q("ls-files", "-z", "--cached", "--others", "--exclude-standard")
        .split("\0")
        .filter(Boolean)
        .sort();
      const hashes = tracked.map((f) => `${f} ${sha(join(repo, f))}`).join("\n");
      const objects = q("count-objects", "-v")
        .split("\n")
        .filter((l) => /^(count|in-pack)/.test(l))
        .join(" ");
      return [
        `index ${index}`,
        `stage ${q("ls-files", "--stage")}`,
        `status ${q("status", "--porcelain")}`,
        `cached ${q("diff", "--cached")}`,
        objects,
        hashes,
      ].join("\n");
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
