// Review comments and change set versions: the comment store (review.json), the one message that
// carries the comments back, the hunk walk of a patch, the version bookkeeping and the card line.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { changeSetVersions, hunkText, nextVersion, parseDiff, reviewMessage, unsent } from "../../src/core/review.js";
import { choicesFor } from "../../src/core/verdict.js";
import { workerPaths } from "../../src/store/layout.js";
import { addComment, deleteComment, markSent, readComments, reviewPending } from "../../src/store/review.js";
import { changeSetLines } from "../../src/ui/card.js";
import { stripAnsi } from "../../src/ui/ansi.js";
import { reviewScreen } from "../../src/ui/review.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

const PATCH = [
  "diff --git a/src/a.txt b/src/a.txt",
  "index 1111111..2222222 100644",
  "--- a/src/a.txt",
  "+++ b/src/a.txt",
  "@@ -1,3 +1,3 @@",
  " one",
  "-two",
  "+TWO",
  " three",
  "@@ -10,2 +10,3 @@ function tail",
  " ten",
  "+ten and a half",
  " eleven",
  "diff --git a/b.txt b/b.txt",
  "new file mode 100644",
  "index 0000000..3333333",
  "--- /dev/null",
  "+++ b/b.txt",
  "@@ -0,0 +1 @@",
  "+new \x1b[31mred",
  "",
].join("\n");

let home: string;
const id = "fix-it-a1b2";
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "docket-review-"));
  mkdirSync(workerPaths(home, id).dir, { recursive: true });
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe("parseDiff", () => {
  it("finds each hunk with its file and the line numbers of each side", () => {
    const d = parseDiff(PATCH);
    expect(d.hunks.map((h) => [h.path, h.header, h.newStart])).toEqual([
      ["src/a.txt", "@@ -1,3 +1,3 @@", 1],
      ["src/a.txt", "@@ -10,2 +10,3 @@ function tail", 10],
      ["b.txt", "@@ -0,0 +1 @@", 1],
    ]);
    const second = d.hunks[1]!;
    expect(hunkText(d, second)).toBe("@@ -10,2 +10,3 @@ function tail\n ten\n+ten and a half\n eleven");
    const added = d.lines.find((l) => l.text === "+ten and a half")!;
    expect([added.kind, added.line, added.hunk]).toEqual(["add", 11, 1]);
    const removed = d.lines.find((l) => l.text === "-two")!;
    expect([removed.kind, removed.line]).toEqual(["del", 2]);
    expect(d.lines.find((l) => l.text === "new file mode 100644")!.hunk).toBe(-1);
  });
});

describe("the comment store", () => {
  const base = {
    version: 1,
    path: "src/a.txt",
    hunk: "@@ -1,3 +1,3 @@",
    hunkText: "@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three",
  };

  it("keeps comments across reads, deletes only unsent ones, marks sent with the message id", () => {
    expect(readComments(home, id)).toEqual([]);
    const a = addComment(home, id, { ...base, line: 2, comment: "why upper case?" });
    const b = addComment(home, id, { ...base, comment: "whole hunk: keep it lower" });
    const c2 = addComment(home, id, { ...base, version: 2, line: 1, comment: "on v2" });
    expect(readComments(home, id).map((c) => c.comment)).toEqual([
      "why upper case?",
      "whole hunk: keep it lower",
      "on v2",
    ]);
    expect(unsent(readComments(home, id), 1).map((c) => c.id)).toEqual([a.id, b.id]);

    markSent(home, id, [a.id], "1700000000000-1");
    const after = readComments(home, id);
    expect(after.find((c) => c.id === a.id)).toMatchObject({ messageId: "1700000000000-1" });
    expect(after.find((c) => c.id === a.id)!.sentAt).toBeTruthy();
    expect(unsent(after, 1).map((c) => c.id)).toEqual([b.id]);
    // A sent comment is history: it does not go.
    expect(deleteComment(home, id, a.id)).toBe(false);
    expect(deleteComment(home, id, b.id)).toBe(true);
    expect(readComments(home, id).map((c) => c.id)).toEqual([a.id, c2.id]);

    const w = fixtureStatus(1, {
      id,
      state: "ready",
      changeSet: {
        baseline: "abc1234",
        files: [],
        patch: "changeset.patch",
        frozenAt: "2026-01-01T00:00:00Z",
        version: 2,
      },
    });
    expect(reviewPending(home, w)).toBe(1);
    expect(choicesFor(w, { comments: 1 }).map((c) => c.label)).toContain("Send back (1 comment)");
    expect(choicesFor(w).map((c) => c.verb)).not.toContain("send_review");
  });

  it("an unreadable review.json reads as no comments, and the next write replaces it", () => {
    writeFileSync(workerPaths(home, id).review, "{not json");
    expect(readComments(home, id)).toEqual([]);
    addComment(home, id, { ...base, comment: "x" });
    expect(JSON.parse(readFileSync(workerPaths(home, id).review, "utf8")).comments).toHaveLength(1);
  });

  it("a removed line and an added line may share a number: the side tells them apart", () => {
    const d = parseDiff(PATCH);
    const removed = d.lines.find((l) => l.text === "-two")!;
    const added = d.lines.find((l) => l.text === "+TWO")!;
    expect([removed.line, added.line]).toEqual([2, 2]);
    addComment(home, id, { ...base, line: 2, side: "old", comment: "keep two" });
    const [cm] = readComments(home, id);
    const { screen } = reviewScreen({
      label: "w1",
      version: 1,
      d,
      comments: readComments(home, id),
      cursor: d.hunks[0]!.start,
      top: 0,
      cols: 80,
      rows: 24,
    });
    const plain = screen.split("\n").map(stripAnsi);
    expect(plain[plain.findIndex((l) => l.endsWith("-two")) + 1]).toMatch(/┃ keep two/);
    expect(plain[plain.findIndex((l) => l.endsWith("+TWO")) + 1]).not.toMatch(/┃/);
    expect(reviewMessage([cm!], 1)).toContain("## 1. src/a.txt:2 (removed line)");
  });

  it("the message holds every comment with path:line, its hunk and the text, in one piece", () => {
    addComment(home, id, { ...base, line: 2, comment: "why upper case?" });
    addComment(home, id, {
      version: 1,
      path: "src/a.txt",
      hunk: "@@ -10,2 +10,3 @@ function tail",
      hunkText: "@@ -10,2 +10,3 @@ function tail\n ten\n+ten and a half\n eleven",
      comment: "drop this line\nit is noise",
    });
    const text = reviewMessage(readComments(home, id), 1);
    expect(text).toBe(
      [
        "[docket review] 2 review comments on your change set v1. Address each one in the workspace, then call docket_done again (that freezes v2).",
        "## 1. src/a.txt:2\n\n```diff\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n```\n\nwhy upper case?",
        "## 2. src/a.txt (whole hunk @@ -10,2 +10,3 @@)\n\n```diff\n@@ -10,2 +10,3 @@ function tail\n ten\n+ten and a half\n eleven\n```\n\ndrop this line\nit is noise",
      ].join("\n\n"),
    );
  });
});

describe("versions", () => {
  const files = [{ path: "src/a.txt", added: 1, removed: 1 }];
  it("the first freeze is v1; the next keeps v1 in the history; an old record counts as v1", () => {
    const v1 = nextVersion({}, { baseline: "abc1234", files, patch: "changeset.patch", frozenAt: "t1" });
    expect(v1.changeSet).toEqual({ baseline: "abc1234", files, patch: "changeset.patch", frozenAt: "t1", version: 1 });
    expect(v1.changeSets).toEqual([
      { version: 1, baseline: "abc1234", files, patch: "changeset.v1.patch", frozenAt: "t1" },
    ]);
    const v2 = nextVersion(v1, {
      baseline: "abc1234",
      files: [{ path: "src/a.txt", added: 3, removed: 1 }],
      patch: "changeset.patch",
      frozenAt: "t2",
    });
    expect(v2.changeSet.version).toBe(2);
    expect(v2.changeSets.map((v) => [v.version, v.patch, v.frozenAt])).toEqual([
      [1, "changeset.v1.patch", "t1"],
      [2, "changeset.v2.patch", "t2"],
    ]);
    // Written before versions existed: its one change set is v1, and its patch file becomes v1's.
    const legacy = { changeSet: { baseline: "abc1234", files, patch: "changeset.patch", frozenAt: "t0" } };
    expect(changeSetVersions(legacy)).toEqual([
      { version: 1, baseline: "abc1234", files, patch: "changeset.patch", frozenAt: "t0" },
    ]);
    expect(
      nextVersion(legacy, { baseline: "abc1234", files, patch: "changeset.patch", frozenAt: "t3" }).changeSets.map(
        (v) => v.patch,
      ),
    ).toEqual(["changeset.v1.patch", "changeset.v2.patch"]);

    const w = fixtureStatus(2, { state: "ready", ...v2 });
    expect(stripAnsi(changeSetLines(w)[0]!)).toBe("Change set v2 (v1: +1 −1) 1 file +3 −1");
    expect(stripAnsi(changeSetLines(fixtureStatus(3, { state: "ready", ...v1 }))[0]!)).toBe("Change set 1 file +1 −1");
  });
});

describe("the review screen", () => {
  const comments = [
    {
      id: "r1",
      version: 1,
      path: "src/a.txt",
      line: 11,
      hunk: "@@ -10,2 +10,3 @@ function tail",
      hunkText: "",
      comment: "a \x1b]0;evil\x07 comment",
      at: "t",
    },
  ];
  for (const [cols, rows] of [
    [80, 24],
    [40, 12],
  ] as const) {
    it(`fits ${cols}×${rows}, shows the comment under its line, and escapes the worker's text`, () => {
      const d = parseDiff(PATCH);
      const cursor = d.lines.findIndex((l) => l.text === "+ten and a half");
      const { screen } = reviewScreen({ label: "w1", version: 1, d, comments, cursor, top: 0, cols, rows });
      const lines = screen.split("\n");
      expect(lines).toHaveLength(rows);
      for (const l of lines) expect([...stripAnsi(l)].length).toBeLessThan(cols);
      const plain = lines.map(stripAnsi);
      const at = plain.findIndex((l) => l.startsWith("▸+ten and a half"));
      expect(at).toBeGreaterThan(0);
      expect(plain[at + 1]).toMatch(/^ ┃ a .*comment/);
      expect(screen).not.toContain("\x1b]0;");
      expect(screen).not.toContain("\x1b[31mred");
      expect(plain[0]).toContain("w1 · review v1");
    });
  }
});
