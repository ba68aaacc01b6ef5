// Accept with a three-way apply, against real git: a change set merges into the parent's working tree
// against its own baseline, so a sibling's accepted (uncommitted or committed) edits to the same file
// stay; a conflict changes nothing at all (files, index, staged diff, objects) and names paths and lines.
import { afterEach, describe, expect, it } from "vitest";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkPromote, promote, PromoteConflictError } from "../../src/git/promote.js";
import { editLine, git, lines, makeMergeWorld, type MergeWorld, editIn } from "../helpers/merge-fixtures.js";

const A = lines(40);
let world: MergeWorld | undefined;
afterEach(() => {
  world?.cleanup();
  world = undefined;
});
const edit = editIn;

describe("three-way promote", () => {
  it("accept A then B (different lines of one file): both edits, unstaged, nothing committed", async () => {
    world = makeMergeWorld({ "src/a.txt": A, "README.md": "# r\n" });
    const w1 = await world.worker(1, edit("src/a.txt", 2, "TWO"));
    const w2 = await world.worker(2, edit("src/a.txt", 4, "FOUR")); // line 2 is in w2's patch context
    const r1 = await promote(world.home, w1);
    expect(r1).toMatchObject({ applied: true, check: { method: "three-way", conflicts: [] } });
    expect(world.read("src/a.txt")).toBe(editLine(A, 2, "TWO"));
    // w1's accepted edit is a parent edit since w2 started: asked first, as before…
    const asked = await promote(world.home, w2);
    expect(asked.applied).toBe(false);
    expect(asked.check.conflicts).toEqual([
      { path: "src/a.txt", why: "parent changed this file since the worker started" },
    ]);
    expect(world.read("src/a.txt")).toBe(editLine(A, 2, "TWO"));
    // …and confirmed, it merges instead of clobbering w1's line.
    const r2 = await promote(world.home, w2, [], true);
    expect(r2.applied).toBe(true);
    expect(world.read("src/a.txt")).toBe(editLine(editLine(A, 2, "TWO"), 4, "FOUR"));
    expect(git(world.repo, "status", "--porcelain")).toBe(" M src/a.txt");
    expect(git(world.repo, "diff", "--cached")).toBe("");
    expect(git(world.repo, "log", "--oneline").split("\n")).toHaveLength(1);
  });

  it("a sibling's accepted edit that the person committed still merges", async () => {
    world = makeMergeWorld({ "src/a.txt": A });
    const w1 = await world.worker(1, edit("src/a.txt", 5, "FIVE"));
    const w2 = await world.worker(2, edit("src/a.txt", 8, "EIGHT")); // inside w2's patch context: plain git apply would refuse
    await promote(world.home, w1);
    world.commit("accept w1");
    const r = await promote(world.home, w2, [], true);
    expect(r.applied).toBe(true);
    expect(world.read("src/a.txt")).toBe(editLine(editLine(A, 5, "FIVE"), 8, "EIGHT"));
    expect(git(world.repo, "status", "--porcelain")).toBe(" M src/a.txt");
  });

  it("the same line: accepting the second leaves the parent byte-identical and names path and lines", async () => {
    world = makeMergeWorld({ "src/a.txt": A, "b.txt": "b\n" });
    const w1 = await world.worker(1, edit("src/a.txt", 10, "TEN by w1"));
    const w2 = await world.worker(2, (ws) => {
      edit("src/a.txt", 10, "TEN by w2")(ws);
      writeFileSync(join(ws, "b.txt"), "b2\n"); // a clean file in the same change set must not go in either
      writeFileSync(join(ws, "new.txt"), "new\n");
    });
    await promote(world.home, w1);
    const before = world.snapshot();
    const err = await promote(world.home, w2, [], true).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PromoteConflictError);
    const e = err as PromoteConflictError;
    expect(e.conflicts).toEqual([{ path: "src/a.txt", lines: [[10, 14]] }]);
    expect(e.message).toBe(
      `w2: change set does not apply to ${world.repo}: it conflicts with the parent's version of src/a.txt (lines 10-14); nothing was changed`,
    );
    expect(world.snapshot()).toBe(before);
    expect(world.read("b.txt")).toBe("b\n");
    expect(existsSync(join(world.repo, "new.txt"))).toBe(false);
    // checkPromote says the same without writing either.
    await expect(checkPromote(world.home, w2)).rejects.toThrow(/conflicts with the parent's version of src\/a.txt/);
    expect(world.snapshot()).toBe(before);
  });

  it("the person's own uncommitted edit: asked first; confirmed, merged around it, never overwritten", async () => {
    world = makeMergeWorld({ "src/a.txt": A });
    const w1 = await world.worker(1, edit("src/a.txt", 3, "THREE"));
    world.write("src/a.txt", editLine(A, 25, "mine"));
    const asked = await promote(world.home, w1);
    expect(asked.applied).toBe(false);
    expect(world.read("src/a.txt")).toBe(editLine(A, 25, "mine"));
    await promote(world.home, w1, [], true);
    expect(world.read("src/a.txt")).toBe(editLine(editLine(A, 25, "mine"), 3, "THREE"));
  });

  it("the person's staged edit stays staged exactly as it was; the merge lands unstaged", async () => {
    world = makeMergeWorld({ "src/a.txt": A });
    const w1 = await world.worker(1, edit("src/a.txt", 3, "THREE"));
    world.write("src/a.txt", editLine(A, 25, "staged by me"));
    git(world.repo, "add", "src/a.txt");
    const cached = git(world.repo, "diff", "--cached");
    await promote(world.home, w1, [], true);
    expect(world.read("src/a.txt")).toBe(editLine(editLine(A, 25, "staged by me"), 3, "THREE"));
    expect(git(world.repo, "diff", "--cached")).toBe(cached);
    expect(git(world.repo, "status", "--porcelain")).toBe("MM src/a.txt");
  });

  it("added, deleted and binary files go in exactly; the index stays untouched", async () => {
    const bin = Buffer.from(Array.from({ length: 700 }, (_, i) => (i * 13) % 256));
    world = makeMergeWorld({ "gone/old.txt": "old\n", "img.bin": bin, "keep.txt": "k\n" });
    const bin2 = Buffer.concat([bin, Buffer.from([0, 255, 0])]);
    const w1 = await world.worker(1, (ws) => {
      rmSync(join(ws, "gone"), { recursive: true });
      writeFileSync(join(ws, "img.bin"), bin2);
      writeFileSync(join(ws, "added.txt"), "hello\n");
    });
    const stage = git(world.repo, "ls-files", "--stage");
    const r = await promote(world.home, w1);
    expect(r.applied).toBe(true);
    expect(existsSync(join(world.repo, "gone"))).toBe(false);
    expect(readFileSync(join(world.repo, "img.bin")).equals(bin2)).toBe(true);
    expect(world.read("added.txt")).toBe("hello\n");
    expect(git(world.repo, "status", "--porcelain").split("\n").sort()).toEqual([
      " D gone/old.txt",
      " M img.bin",
      "?? added.txt",
    ]);
    expect(git(world.repo, "ls-files", "--stage")).toBe(stage);
  });

  it("modes, symlinks and new directories go in as git would write them", async () => {
    const { chmodSync, lstatSync, mkdirSync, readlinkSync, statSync, symlinkSync } = await import("node:fs");
    world = makeMergeWorld({ "run.sh": "#!/bin/sh\necho hi\n", "src/a.txt": A });
    const w1 = await world.worker(1, (ws) => {
      chmodSync(join(ws, "run.sh"), 0o755);
      symlinkSync("src/a.txt", join(ws, "link"));
      mkdirSync(join(ws, "deep/er"), { recursive: true });
      writeFileSync(join(ws, "deep/er/new.txt"), "new\n");
    });
    const r = await promote(world.home, w1);
    expect(r.applied).toBe(true);
    expect(statSync(join(world.repo, "run.sh")).mode & 0o111).not.toBe(0);
    expect(lstatSync(join(world.repo, "link")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(world.repo, "link"))).toBe("src/a.txt");
    expect(world.read("deep/er/new.txt")).toBe("new\n");
    expect(git(world.repo, "status", "--porcelain").split("\n").sort()).toEqual([" M run.sh", "?? deep/", "?? link"]);
    expect(git(world.repo, "diff", "--cached")).toBe("");
  });

  it("binary changed by both: refused whole, no crash", async () => {
    const bin = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
    world = makeMergeWorld({ "img.bin": bin });
    const w1 = await world.worker(1, (ws) =>
      writeFileSync(join(ws, "img.bin"), Buffer.concat([bin, Buffer.from([1])])),
    );
    const w2 = await world.worker(2, (ws) =>
      writeFileSync(join(ws, "img.bin"), Buffer.concat([Buffer.from([2]), bin])),
    );
    await promote(world.home, w1);
    const before = world.snapshot();
    await expect(promote(world.home, w2, [], true)).rejects.toMatchObject({
      conflicts: [{ path: "img.bin", lines: [] }],
    });
    expect(world.snapshot()).toBe(before);
  });

  it("delete vs edit: refused whole", async () => {
    world = makeMergeWorld({ "f.txt": lines(6) });
    const w1 = await world.worker(1, (ws) => rmSync(join(ws, "f.txt")));
    const w2 = await world.worker(2, edit("f.txt", 2, "TWO"));
    await promote(world.home, w1);
    const before = world.snapshot();
    await expect(promote(world.home, w2, [], true)).rejects.toMatchObject({ conflicts: [{ path: "f.txt" }] });
    expect(world.snapshot()).toBe(before);
  });

  it("a worker spawned before the parent's commit still merges onto the new HEAD", async () => {
    world = makeMergeWorld({ "src/a.txt": A });
    const w1 = await world.worker(1, edit("src/a.txt", 2, "TWO"));
    world.write("src/a.txt", editLine(A, 20, "TWENTY by parent"));
    world.commit("parent moves");
    const r = await promote(world.home, w1, [], true);
    expect(r.applied).toBe(true);
    expect(world.read("src/a.txt")).toBe(editLine(editLine(A, 20, "TWENTY by parent"), 2, "TWO"));
  });
});

describe("on a git without merge-tree --stdin", () => {
  it("accept falls back to plain git apply and grading reports every side ungraded", async () => {
    const { mkdtempSync, chmodSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { execaSync } = await import("execa");
    const { gradeWorkers } = await import("../../src/git/grade.js");
    world = makeMergeWorld({ "src/a.txt": A });
    const w1 = await world.worker(1, edit("src/a.txt", 2, "TWO"));
    const w2 = await world.worker(2, edit("src/a.txt", 30, "THIRTY"));
    const real = execaSync("sh", ["-c", "command -v git"]).stdout;
    const bin = mkdtempSync(join(tmpdir(), "docket-oldgit-"));
    writeFileSync(
      join(bin, "git"),
      `#!/bin/sh\nfor a in "$@"; do [ "$a" = merge-tree ] && { echo "error: unknown option \\\`stdin'" >&2; exit 129; }; done\nexec ${real} "$@"\n`,
    );
    chmodSync(join(bin, "git"), 0o755);
    const saved = process.env.PATH;
    process.env.PATH = `${bin}:${saved}`;
    try {
      const g = await gradeWorkers(world.home, world.repo, [w1, w2]);
      expect(g.pairs).toEqual([]);
      expect(g.failed.map((f) => f.label)).toEqual(["w1", "w2"]);
      expect(g.failed[0]!.why).toMatch(/needs git 2\.39 or newer/);
      const r = await promote(world.home, w1);
      expect(r).toMatchObject({ applied: true, check: { method: "apply" } });
      expect(world.read("src/a.txt")).toBe(editLine(A, 2, "TWO"));
    } finally {
      process.env.PATH = saved;
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
