// The grading service on real change sets (real git, no pi): stored grades, base moved after the
// parent's own commit, idempotent marks, a race-safe refresh, and reading HEAD without git.
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { editLine, git, lines, makeMergeWorld, type MergeWorld } from "../helpers/merge-fixtures.js";
import { writeNewStatus, readStatus } from "../../src/store/workers.js";
import { markBaseMoved, refreshGrades } from "../../src/workers/grading.js";
import { readGrades } from "../../src/store/grades.js";
import { readHead } from "../../src/git/head.js";
import { overlapMarkersOf } from "../../src/core/overlap.js";
import { baseMovedNote, choicesFor } from "../../src/core/verdict.js";

let world: MergeWorld | undefined;
afterEach(() => world?.cleanup());

describe("grading service", () => {
  it("stores git's grade for a pair and reuses it while nothing changed", async () => {
    const w = makeMergeWorld({ "src/g.txt": lines(12) });
    world = w;
    const a = await w.worker(1, (ws) => writeFileSync(join(ws, "src/g.txt"), editLine(lines(12), 1, "top")));
    const b = await w.worker(2, (ws) => writeFileSync(join(ws, "src/g.txt"), editLine(lines(12), 4, "fourth")));
    for (const s of [a, b]) writeNewStatus(w.home, s);
    const g = await refreshGrades(w.home, w.repo);
    expect(g.byLabel.w1).toEqual([
      expect.objectContaining({ other: "w2", grade: "adjacent", text: "adjacent w2: src/g.txt" }),
    ]);
    expect(readGrades(w.home, w.repo)?.key).toBe(g.key);
    const again = await refreshGrades(w.home, w.repo);
    expect(again.gradedAt).toBe(g.gradedAt); // same change sets, same HEAD: not graded again
  });

  it("the person's commit to a file a worker touches marks that worker's base as moved, with the commit", async () => {
    const w = makeMergeWorld({ "src/g.txt": lines(12), "src/other.txt": "x\n" });
    world = w;
    const a = await w.worker(1, (ws) => writeFileSync(join(ws, "src/g.txt"), editLine(lines(12), 1, "top")));
    writeNewStatus(w.home, a);
    await refreshGrades(w.home, w.repo);
    w.write("src/other.txt", "y\n");
    w.commit("unrelated");
    await refreshGrades(w.home, w.repo);
    expect(readStatus(w.home, a.id).baseMoved).toBeUndefined();
    w.write("src/g.txt", editLine(lines(12), 12, "the person's last line"));
    w.commit("mine");
    const head = git(w.repo, "rev-parse", "HEAD");
    await refreshGrades(w.home, w.repo);
    expect(readStatus(w.home, a.id).baseMoved).toMatchObject({
      by: `parent at ${head.slice(0, 7)}`,
      head,
      paths: ["src/g.txt"],
    });
  });

  it("marks once per cause, adds new paths, and keeps what moved it first", async () => {
    const w = makeMergeWorld({ "src/a.txt": "a\n", "src/b.txt": "b\n" });
    world = w;
    const a = await w.worker(1, (ws) => {
      writeFileSync(join(ws, "src/a.txt"), "A\n");
      writeFileSync(join(ws, "src/b.txt"), "B\n");
    });
    writeNewStatus(w.home, a);
    markBaseMoved(w.home, a, "accepted w2", ["src/a.txt"]);
    const first = readStatus(w.home, a.id).baseMoved!;
    markBaseMoved(w.home, a, "accepted w2", ["src/a.txt"]);
    expect(readStatus(w.home, a.id).baseMoved).toEqual(first);
    markBaseMoved(w.home, a, "accepted w3", ["src/b.txt"]);
    expect(readStatus(w.home, a.id).baseMoved).toMatchObject({ by: "accepted w2", paths: ["src/a.txt", "src/b.txt"] });
  });
});

describe("what a moved base and a grade look like", () => {
  it("rows put contested first and add the moved paths; the card offers one note, with what moved", async () => {
    const w = makeMergeWorld({ "src/a.txt": "a\n" });
    world = w;
    const s = await w.worker(1, (ws) => writeFileSync(join(ws, "src/a.txt"), "A\n"));
    const moved = { ...s, baseMoved: { at: "2026-01-01T00:00:00.000Z", by: "accepted w2", paths: ["src/a.txt"] } };
    const graded = [
      {
        other: "w3",
        grade: "same file" as const,
        paths: ["src/a.txt"],
        conflicts: [],
        near: [],
        text: "same file w3: src/a.txt",
      },
      {
        other: "w2",
        grade: "contested" as const,
        paths: ["src/a.txt"],
        conflicts: ["src/a.txt"],
        near: [],
        text: "contested w2: src/a.txt",
      },
    ];
    expect(overlapMarkersOf(moved, graded, ["overlap w9: x"])).toEqual([
      "contested w2: src/a.txt",
      "same file w3: src/a.txt",
      "base moved: src/a.txt",
    ]);
    expect(overlapMarkersOf(s, undefined, ["overlap w9: x"])).toEqual(["overlap w9: x"]);
    const note = choicesFor(moved).filter((c) => c.baseNote);
    expect(note).toHaveLength(1);
    expect(note[0]!.text).toBe(baseMovedNote(moved));
    expect(baseMovedNote(moved)).toContain("- src/a.txt");
    expect(
      choicesFor({ ...moved, baseMoved: { ...moved.baseMoved, toldAt: "2026-01-01T00:01:00.000Z" } }).some(
        (c) => c.baseNote,
      ),
    ).toBe(false);
  });
});

describe("readHead", () => {
  it("reads a branch, a packed ref, a detached HEAD and a linked worktree, as git says", () => {
    const w = makeMergeWorld({ "a.txt": "a\n" });
    world = w;
    expect(readHead(w.repo)).toBe(git(w.repo, "rev-parse", "HEAD"));
    git(w.repo, "pack-refs", "--all");
    expect(readHead(w.repo)).toBe(git(w.repo, "rev-parse", "HEAD"));
    w.write("a.txt", "b\n");
    w.commit("two");
    expect(readHead(w.repo)).toBe(git(w.repo, "rev-parse", "HEAD"));
    git(w.repo, "checkout", "-q", "--detach", "HEAD~1");
    expect(readHead(w.repo)).toBe(git(w.repo, "rev-parse", "HEAD"));
    const linked = join(w.dir, "linked");
    git(w.repo, "worktree", "add", "-q", "-b", "side", linked, "main");
    expect(readFileSync(join(linked, ".git"), "utf8")).toMatch(/^gitdir: /);
    expect(readHead(linked)).toBe(git(linked, "rev-parse", "HEAD"));
    expect(readHead(join(w.dir, "nowhere"))).toBeUndefined();
  });
});
