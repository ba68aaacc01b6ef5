// Workspaces against real git repos in temp dirs, with no git identity configured anywhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createWorkspace, removeWorkspace, workspaceCwd } from "../../src/git/workspace.js";

const saved = { ...process.env };
let root: string;

async function gitIn(cwd: string, ...args: string[]): Promise<string> {
  return (await execa("git", args, { cwd })).stdout;
}

async function repoWithState(): Promise<string> {
  const repo = join(root, `repo-${Math.random().toString(16).slice(2, 8)}`);
  mkdirSync(join(repo, "src", "deep"), { recursive: true });
  writeFileSync(join(repo, "README.md"), "# r\n");
  writeFileSync(join(repo, "src", "a.txt"), "one\ntwo\n");
  writeFileSync(join(repo, "src", "deep", "keep.txt"), "k\n");
  writeFileSync(join(repo, ".gitignore"), "*.log\nbuild/\n");
  await gitIn(repo, "init", "-q", "-b", "main");
  await gitIn(repo, "add", "-A");
  await execa("git", ["commit", "-q", "-m", "init"], {
    cwd: repo,
    env: { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" },
  });
  // Parent's uncommitted state: an unstaged edit, a staged new file, a deletion, untracked and ignored files.
  writeFileSync(join(repo, "src", "a.txt"), "one\ntwo (edited)\n");
  writeFileSync(join(repo, "staged.txt"), "staged\n");
  await gitIn(repo, "add", "staged.txt");
  rmSync(join(repo, "README.md"));
  writeFileSync(join(repo, "src", "untracked.txt"), "new\n");
  writeFileSync(join(repo, "debug.log"), "ignored\n");
  return repo;
}

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), "docket-ws-")));
  // No identity anywhere: baseline commits must not need one.
  process.env.HOME = join(root, "nohome");
  process.env.GIT_CONFIG_GLOBAL = "/dev/null";
  process.env.GIT_CONFIG_NOSYSTEM = "1";
  for (const k of ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"])
    delete process.env[k];
});
afterAll(() => {
  process.env = saved;
  rmSync(root, { recursive: true, force: true });
});

describe("writable workspace in a repo", () => {
  it("is a detached worktree seeded with dirty and untracked files, with a clean baseline", async () => {
    const repo = await repoWithState();
    const dest = join(root, "w1", "workspace");
    const ws = await createWorkspace({ parentDir: repo, dest, writable: true });
    expect(ws).toMatchObject({ type: "worktree", path: dest, parentDir: repo, repoRoot: repo });
    expect(ws.parentHead).toBe(await gitIn(repo, "rev-parse", "HEAD"));
    expect(readFileSync(join(dest, "src", "a.txt"), "utf8")).toBe("one\ntwo (edited)\n");
    expect(readFileSync(join(dest, "staged.txt"), "utf8")).toBe("staged\n");
    expect(readFileSync(join(dest, "src", "untracked.txt"), "utf8")).toBe("new\n");
    expect(existsSync(join(dest, "README.md"))).toBe(false);
    expect(existsSync(join(dest, "debug.log"))).toBe(false);
    expect(await gitIn(dest, "status", "--porcelain")).toBe("");
    expect(await gitIn(dest, "rev-parse", "HEAD")).toBe(ws.baseline);
    expect(await gitIn(dest, "symbolic-ref", "-q", "HEAD").catch(() => "detached")).toBe("detached");
    const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");
    expect(ws.parentHashes).toEqual({
      "src/a.txt": sha1("one\ntwo (edited)\n"),
      "staged.txt": sha1("staged\n"),
      "src/untracked.txt": sha1("new\n"),
    });
    // The parent is untouched.
    expect(await gitIn(repo, "status", "--porcelain")).toContain("?? src/untracked.txt");

    // A worker edit shows up as exactly that edit against the baseline.
    writeFileSync(join(dest, "src", "a.txt"), "one\ntwo (edited)\nthree\n");
    expect(await gitIn(dest, "diff", "--numstat", ws.baseline!)).toBe("1\t0\tsrc/a.txt");

    await removeWorkspace(ws);
    expect(existsSync(dest)).toBe(false);
    expect(await gitIn(repo, "worktree", "list")).not.toContain(dest);
  });

  it("keeps tracked-but-ignored files, modes and symlinks, and leaves the parent's index alone", async () => {
    const repo = await repoWithState();
    writeFileSync(join(repo, "tracked.log"), "tracked though ignored\n");
    await gitIn(repo, "add", "-f", "tracked.log");
    await execa("git", ["commit", "-q", "-m", "log"], {
      cwd: repo,
      env: { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" },
    });
    writeFileSync(join(repo, "run.sh"), "#!/bin/sh\n", { mode: 0o755 });
    symlinkSync("src/a.txt", join(repo, "link"));
    const indexBefore = readFileSync(join(repo, ".git", "index"));
    const statusBefore = await gitIn(repo, "status", "--porcelain");
    const dest = join(root, "w5", "workspace");
    const ws = await createWorkspace({ parentDir: repo, dest, writable: true });
    expect(readFileSync(join(dest, "tracked.log"), "utf8")).toBe("tracked though ignored\n");
    expect(statSync(join(dest, "run.sh")).mode & 0o111).not.toBe(0);
    expect(readlinkSync(join(dest, "link"))).toBe("src/a.txt");
    expect(await gitIn(dest, "status", "--porcelain")).toBe("");
    expect(await gitIn(dest, "log", "--format=%s", "-1")).toBe("docket baseline");
    expect(await gitIn(dest, "rev-parse", "HEAD^")).toBe(ws.parentHead);
    expect(readFileSync(join(repo, ".git", "index")).equals(indexBefore)).toBe(true);
    expect(await gitIn(repo, "status", "--porcelain")).toBe(statusBefore);
    expect(existsSync(join(root, "w5", ".baseline-index"))).toBe(false);
    await removeWorkspace(ws);
  });

  it("an untracked git repo inside the parent is copied with its files (cpSync used to fail the spawn on it)", async () => {
    const repo = await repoWithState();
    mkdirSync(join(repo, "vendor", "lib"), { recursive: true });
    await gitIn(join(repo, "vendor", "lib"), "init", "-q");
    writeFileSync(join(repo, "vendor", "lib", "x.c"), "int x;\n");
    await gitIn(join(repo, "vendor", "lib"), "add", "x.c");
    await execa("git", ["commit", "-q", "-m", "lib"], {
      cwd: join(repo, "vendor", "lib"),
      env: { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" },
    });
    const ws = await createWorkspace({ parentDir: repo, dest: join(root, "w7", "workspace"), writable: true });
    expect(readFileSync(join(ws.path, "vendor", "lib", "x.c"), "utf8")).toBe("int x;\n");
    await removeWorkspace(ws);
  });

  it("works from a linked worktree of the parent repo (its own index)", async () => {
    const repo = await repoWithState();
    const linked = join(root, `linked-${Math.random().toString(16).slice(2, 8)}`);
    await gitIn(repo, "worktree", "add", "-q", "--detach", linked);
    writeFileSync(join(linked, "src", "a.txt"), "linked edit\n");
    const ws = await createWorkspace({ parentDir: linked, dest: join(root, "w6", "workspace"), writable: true });
    expect(ws.repoRoot).toBe(linked);
    expect(readFileSync(join(ws.path, "src", "a.txt"), "utf8")).toBe("linked edit\n");
    expect(existsSync(join(ws.path, "src", "untracked.txt"))).toBe(false);
    expect(Object.keys(ws.type === "worktree" ? (ws.parentHashes ?? {}) : {})).toEqual(["src/a.txt"]);
    await removeWorkspace(ws);
  });

  it("starts the worker in the matching subdirectory", async () => {
    const repo = await repoWithState();
    const ws = await createWorkspace({
      parentDir: join(repo, "src", "deep"),
      dest: join(root, "w2", "workspace"),
      writable: true,
    });
    expect(workspaceCwd(ws)).toBe(join(root, "w2", "workspace", "src", "deep"));
    await removeWorkspace(ws);
  });
});

describe("other workspaces", () => {
  it("read-only kinds run in the parent dir and removal never touches it", async () => {
    const repo = await repoWithState();
    const ws = await createWorkspace({ parentDir: repo, dest: join(root, "w3", "workspace"), writable: false });
    expect(ws).toMatchObject({ type: "parent", path: repo, parentDir: repo, repoRoot: repo });
    expect(existsSync(join(root, "w3"))).toBe(false);
    await removeWorkspace(ws);
    expect(existsSync(join(repo, "src", "a.txt"))).toBe(true);
  });

  it("outside a repo: a copy without node_modules/.git, git-initialised with a baseline", async () => {
    const plain = join(root, "plain");
    mkdirSync(join(plain, "node_modules", "x"), { recursive: true });
    mkdirSync(join(plain, "sub"), { recursive: true });
    writeFileSync(join(plain, "node_modules", "x", "i.js"), "x");
    writeFileSync(join(plain, "sub", "f.txt"), "f\n");
    const dest = join(plain, "store", "w4", "workspace"); // the store may live inside the copied dir
    const ws = await createWorkspace({ parentDir: plain, dest, writable: true });
    expect(ws.type).toBe("copy");
    expect(readFileSync(join(dest, "sub", "f.txt"), "utf8")).toBe("f\n");
    expect(existsSync(join(dest, "node_modules"))).toBe(false);
    expect(existsSync(join(dest, "store"))).toBe(false);
    expect(await gitIn(dest, "rev-parse", "HEAD")).toBe(ws.baseline);
    expect(await gitIn(dest, "status", "--porcelain")).toBe("");
    await removeWorkspace(ws);
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(join(plain, "sub", "f.txt"))).toBe(true);
  });
});
