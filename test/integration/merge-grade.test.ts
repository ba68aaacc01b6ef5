// Graded overlap against real git: pairs of real frozen change sets (real worktrees at real baselines)
// graded `same file`, `adjacent` or `contested` by git's own merge, never by path alone.
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gradeOverlaps, gradeSides, gradeWorkers } from "../../src/git/grade.js";
import { editLine, git, lines, makeMergeWorld, type MergeWorld, editIn } from "../helpers/merge-fixtures.js";

const A = lines(40);
let world: MergeWorld | undefined;
afterEach(() => {
  world?.cleanup();
  world = undefined;
});
const edit = editIn;

describe("graded overlap", () => {
  it("different lines of one file, far apart: same file", async () => {
    world = makeMergeWorld({ "src/a.txt": A, "other.txt": "x\n" });
    const w1 = await world.worker(1, edit("src/a.txt", 2, "TWO"));
    const w2 = await world.worker(2, edit("src/a.txt", 30, "THIRTY"));
    const before = world.snapshot();
    const r = await gradeWorkers(world.home, world.repo, [w1, w2]);
    expect(r.failed).toEqual([]);
    expect(r.pairs).toEqual([{ a: "w1", b: "w2", grade: "same file", paths: ["src/a.txt"], conflicts: [], near: [] }]);
    expect(r.byLabel.w1).toEqual([
      {
        other: "w2",
        grade: "same file",
        paths: ["src/a.txt"],
        conflicts: [],
        near: [],
        text: "same file w2: src/a.txt",
      },
    ]);
    expect(r.byLabel.w2![0]!.other).toBe("w1");
    expect(world.snapshot()).toBe(before); // no object, index or file of the parent moved
  });

  it("the same line: contested, naming the path", async () => {
    world = makeMergeWorld({ "src/a.txt": A, "b.txt": "b\n" });
    const w1 = await world.worker(1, (ws) => {
      edit("src/a.txt", 10, "TEN by w1")(ws);
      writeFileSync(join(ws, "b.txt"), "b1\n");
    });
    const w2 = await world.worker(2, (ws) => {
      edit("src/a.txt", 10, "TEN by w2")(ws);
      writeFileSync(join(ws, "b.txt"), "b\nmore\n");
    });
    const r = await gradeWorkers(world.home, world.repo, [w1, w2]);
    expect(r.pairs).toHaveLength(1);
    expect(r.pairs[0]).toMatchObject({
      grade: "contested",
      paths: ["b.txt", "src/a.txt"],
      conflicts: ["b.txt", "src/a.txt"],
    });
    expect(r.byLabel.w2![0]!.text).toBe("contested w1: b.txt, src/a.txt");
  });

  it("nearby lines merge but are adjacent; 4 lines apart is not", async () => {
    world = makeMergeWorld({ "src/a.txt": A });
    const w1 = await world.worker(1, edit("src/a.txt", 10, "TEN"));
    const w2 = await world.worker(2, edit("src/a.txt", 13, "THIRTEEN")); // lines 11, 12 between: gap 2
    const w3 = await world.worker(3, edit("src/a.txt", 18, "EIGHTEEN")); // 14..17 between w2 and w3: gap 4
    const r = await gradeWorkers(world.home, world.repo, [w1, w2, w3]);
    const grade = (a: string, b: string) => r.pairs.find((p) => p.a === a && p.b === b)?.grade;
    expect(grade("w1", "w2")).toBe("adjacent");
    expect(r.pairs.find((p) => p.a === "w1" && p.b === "w2")!.near).toEqual(["src/a.txt"]);
    expect(grade("w2", "w3")).toBe("same file");
    expect(grade("w1", "w3")).toBe("same file");
    // Worst first for each worker: w2 sees its adjacent pair before the plain one.
    expect(r.byLabel.w2!.map((g) => `${g.grade} ${g.other}`)).toEqual(["adjacent w1", "same file w3"]);
    // A fixed handful of git processes for any number of change sets on one baseline: cat-file,
    // ls-tree, update-index, apply, write-tree, ls-tree, hash-object, merge-tree.
    expect(r.cost.gitCalls).toBe(8);
  });

  it("pairs with no shared path cost nothing and are not listed", async () => {
    world = makeMergeWorld({ "a.txt": "a\n", "b.txt": "b\n" });
    const w1 = await world.worker(1, (ws) => writeFileSync(join(ws, "a.txt"), "A\n"));
    const w2 = await world.worker(2, (ws) => writeFileSync(join(ws, "b.txt"), "B\n"));
    const r = await gradeWorkers(world.home, world.repo, [w1, w2]);
    expect(r).toMatchObject({ pairs: [], byLabel: { w1: [], w2: [] }, failed: [], cost: { gitCalls: 0 } });
  });

  it("different baselines: the parent's own commit between spawns never counts as a worker's edit", async () => {
    world = makeMergeWorld({ "src/a.txt": A });
    const w1 = await world.worker(1, edit("src/a.txt", 2, "TWO by w1"));
    // The person commits a change to line 20, then spawns w2, which edits line 22 (near the commit, far from w1).
    world.write("src/a.txt", editLine(A, 20, "TWENTY by parent"));
    world.commit("parent moves");
    const w2 = await world.worker(2, edit("src/a.txt", 22, "TWENTY-TWO by w2"));
    const w3 = await world.worker(3, edit("src/a.txt", 3, "THREE by w3")); // right next to w1's line 2
    expect(w1.changeSet!.baseline).not.toBe(w2.changeSet!.baseline);
    expect(w2.changeSet!.baseline).toBe(w3.changeSet!.baseline); // same parent state: same baseline commit
    const r = await gradeWorkers(world.home, world.repo, [w1, w2, w3]);
    const pair = (a: string, b: string) => r.pairs.find((p) => p.a === a && p.b === b)!;
    expect(pair("w1", "w2")).toEqual({
      a: "w1",
      b: "w2",
      grade: "same file",
      paths: ["src/a.txt"],
      conflicts: [],
      near: [],
      carried: "w1",
    });
    expect(pair("w1", "w3")).toMatchObject({ grade: "contested", conflicts: ["src/a.txt"], carried: "w1" }); // lines 2 and 3 touch
    expect(pair("w2", "w3")).toMatchObject({ grade: "same file" });
    expect(pair("w2", "w3").carried).toBeUndefined();
  });

  it("different baselines: the same line edited by both is contested; an edit the parent overwrote is stale", async () => {
    world = makeMergeWorld({ "src/a.txt": A });
    const w1 = await world.worker(1, edit("src/a.txt", 10, "TEN by w1"));
    const w2 = await world.worker(2, edit("src/a.txt", 30, "THIRTY by w2"));
    world.write("src/a.txt", editLine(A, 30, "THIRTY by parent"));
    world.commit("parent edits line 30");
    const w3 = await world.worker(3, edit("src/a.txt", 10, "TEN by w3"));
    const r = await gradeWorkers(world.home, world.repo, [w1, w2, w3]);
    const pair = (a: string, b: string) => r.pairs.find((p) => p.a === a && p.b === b)!;
    expect(pair("w1", "w3")).toMatchObject({ grade: "contested", conflicts: ["src/a.txt"], carried: "w1" });
    expect(pair("w1", "w3").stale).toBeUndefined();
    expect(pair("w2", "w3")).toMatchObject({
      grade: "contested",
      conflicts: ["src/a.txt"],
      carried: "w2",
      stale: "w2",
    });
    expect(pair("w1", "w2")).toMatchObject({ grade: "same file" });
  });

  it("different baselines: a carried side stale only outside the shared paths is graded on what it shares", async () => {
    world = makeMergeWorld({ "p.txt": A, "q.txt": lines(10) });
    const w1 = await world.worker(1, (ws) => {
      edit("p.txt", 2, "TWO by w1")(ws);
      edit("q.txt", 5, "FIVE by w1")(ws);
    });
    world.write("q.txt", editLine(lines(10), 5, "FIVE by parent"));
    world.commit("parent edits q line 5");
    const w2 = await world.worker(2, edit("p.txt", 30, "THIRTY by w2"));
    const w3 = await world.worker(3, edit("p.txt", 3, "THREE by w3"));
    const r = await gradeWorkers(world.home, world.repo, [w1, w2, w3]);
    const pair = (a: string, b: string) => r.pairs.find((p) => p.a === a && p.b === b)!;
    expect(pair("w1", "w2")).toEqual({
      a: "w1",
      b: "w2",
      grade: "same file",
      paths: ["p.txt"],
      conflicts: [],
      near: [],
      carried: "w1",
      stale: "w1",
    });
    expect(pair("w1", "w3")).toMatchObject({ grade: "contested", conflicts: ["p.txt"], carried: "w1", stale: "w1" });
  });

  it("a file added by both: same bytes merge, different bytes are contested", async () => {
    world = makeMergeWorld({ "README.md": "# r\n" });
    const w1 = await world.worker(1, (ws) => writeFileSync(join(ws, "new.txt"), "same\n"));
    const w2 = await world.worker(2, (ws) => writeFileSync(join(ws, "new.txt"), "same\n"));
    const w3 = await world.worker(3, (ws) => writeFileSync(join(ws, "new.txt"), "different\n"));
    const r = await gradeWorkers(world.home, world.repo, [w1, w2, w3]);
    const grade = (a: string, b: string) => r.pairs.find((p) => p.a === a && p.b === b)!;
    expect(grade("w1", "w2")).toMatchObject({ grade: "same file", near: [] }); // the same change twice
    expect(grade("w1", "w3")).toMatchObject({ grade: "contested", conflicts: ["new.txt"] });
    expect(grade("w2", "w3")).toMatchObject({ grade: "contested", conflicts: ["new.txt"] });
  });

  it("a deleted file: delete vs edit is contested, delete vs delete merges", async () => {
    world = makeMergeWorld({ "gone.txt": lines(10), "keep.txt": "k\n" });
    const w1 = await world.worker(1, (ws) => rmSync(join(ws, "gone.txt")));
    const w2 = await world.worker(2, (ws) => rmSync(join(ws, "gone.txt")));
    const w3 = await world.worker(3, edit("gone.txt", 5, "FIVE"));
    const r = await gradeWorkers(world.home, world.repo, [w1, w2, w3]);
    const grade = (a: string, b: string) => r.pairs.find((p) => p.a === a && p.b === b)!;
    expect(grade("w1", "w2").grade).toBe("same file");
    expect(grade("w1", "w3")).toMatchObject({ grade: "contested", conflicts: ["gone.txt"] });
  });

  it("binary files: no crash, different bytes contested, identical bytes merge, no line adjacency", async () => {
    const bin = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 7) % 256));
    world = makeMergeWorld({ "img.bin": bin, "t.txt": A });
    const w1 = await world.worker(1, (ws) =>
      writeFileSync(join(ws, "img.bin"), Buffer.concat([bin, Buffer.from([0, 1, 2])])),
    );
    const w2 = await world.worker(2, (ws) =>
      writeFileSync(join(ws, "img.bin"), Buffer.concat([Buffer.from([9, 0]), bin])),
    );
    const w3 = await world.worker(3, (ws) =>
      writeFileSync(join(ws, "img.bin"), Buffer.concat([bin, Buffer.from([0, 1, 2])])),
    );
    const r = await gradeWorkers(world.home, world.repo, [w1, w2, w3]);
    const grade = (a: string, b: string) => r.pairs.find((p) => p.a === a && p.b === b)!;
    expect(r.failed).toEqual([]);
    expect(grade("w1", "w2")).toMatchObject({ grade: "contested", conflicts: ["img.bin"] });
    expect(grade("w1", "w3")).toMatchObject({ grade: "same file", near: [] });
  });

  it("a side whose baseline is gone is reported, not thrown", async () => {
    world = makeMergeWorld({ "a.txt": lines(5) });
    const w1 = await world.worker(1, edit("a.txt", 1, "ONE"));
    const w2 = await world.worker(2, edit("a.txt", 5, "FIVE"));
    const sides = gradeSides(world.home, world.repo, [w1, w2]);
    sides[1]!.baseline = "0123456789abcdef0123456789abcdef01234567";
    const r = await gradeOverlaps(world.repo, sides);
    expect(r.pairs).toEqual([]);
    expect(r.failed).toEqual([{ label: "w2", why: "baseline 0123456789ab is not in the repo" }]);
  });

  it("a patch that no longer applies to its own baseline fails alone; the other pairs are still graded", async () => {
    world = makeMergeWorld({ "a.txt": lines(20) });
    const w1 = await world.worker(1, edit("a.txt", 2, "TWO"));
    const w2 = await world.worker(2, edit("a.txt", 2, "DEUX"));
    const w3 = await world.worker(3, edit("a.txt", 15, "FIFTEEN"));
    const sides = gradeSides(world.home, world.repo, [w1, w2, w3]);
    writeFileSync(
      sides[2]!.patch,
      readFileSync(sides[2]!.patch, "utf8").replace("-line 15", "-line 15 (not what the baseline says)"),
    );
    const r = await gradeOverlaps(world.repo, sides);
    expect(r.failed).toEqual([{ label: "w3", why: "patch does not apply to its baseline" }]);
    expect(r.pairs).toEqual([
      { a: "w1", b: "w2", grade: "contested", paths: ["a.txt"], conflicts: ["a.txt"], near: [] },
    ]);
    rmSync(sides[2]!.patch); // a patch file gone: the same, not a throw
    const gone = await gradeOverlaps(world.repo, sides);
    expect(gone.failed).toEqual([{ label: "w3", why: "patch does not apply to its baseline" }]);
    expect(gone.pairs).toHaveLength(1);
  });

  it("paths git quotes (spaces, tabs, non-ASCII) grade like any other", async () => {
    const odd = "dir with space/tab\there é.txt";
    world = makeMergeWorld({ [odd]: lines(20), "plain.txt": "p\n" });
    const w1 = await world.worker(1, edit(odd, 2, "TWO"));
    const w2 = await world.worker(2, edit(odd, 4, "FOUR"));
    const w3 = await world.worker(3, edit(odd, 15, "FIFTEEN"));
    const r = await gradeWorkers(world.home, world.repo, [w1, w2, w3]);
    expect(r.failed).toEqual([]);
    expect(r.pairs.map((p) => `${p.a}-${p.b} ${p.grade} ${p.near.join()}`)).toEqual([
      `w1-w2 adjacent ${odd}`,
      "w1-w3 same file ",
      "w2-w3 same file ",
    ]);
  });

  it("reviewed workers and copies are not graded", async () => {
    world = makeMergeWorld({ "a.txt": lines(5) });
    const w1 = await world.worker(1, edit("a.txt", 1, "ONE"));
    const w2 = await world.worker(2, edit("a.txt", 1, "UNO"));
    expect(
      gradeSides(world.home, world.repo, [w1, { ...w2, reviewedAt: new Date().toISOString() }]).map((s) => s.label),
    ).toEqual(["w1"]);
    expect(git(world.repo, "status", "--porcelain")).toBe("");
  });
});

describe("docket doctor's git line", () => {
  it("says ok on this git and names the minimum on one without merge-tree --stdin", async () => {
    const { checkGit } = await import("../../src/tmux/doctor.js");
    const { mkdtempSync, writeFileSync: write, chmodSync, rmSync: rm } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    expect(checkGit(process.env)).toMatchObject({
      name: "git",
      level: "ok",
      detail: expect.stringMatching(/^git version \d/),
    });
    const bin = mkdtempSync(join(tmpdir(), "docket-oldgit-"));
    try {
      write(
        join(bin, "git"),
        '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "git version 2.37.1"; exit 0; fi\necho "usage: git merge-tree <base-tree> <branch1> <branch2>" >&2; exit 129\n',
      );
      chmodSync(join(bin, "git"), 0o755);
      const c = checkGit({ ...process.env, PATH: `${bin}:${process.env.PATH}` });
      expect(c.level).toBe("warn");
      expect(c.detail).toBe(
        "git version 2.37.1: git 2.39 or newer needed to merge parallel work (merge-tree --write-tree --stdin); until then accept uses plain git apply and overlap is path-only",
      );
    } finally {
      rm(bin, { recursive: true, force: true });
    }
  });
});
