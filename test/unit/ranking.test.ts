import { describe, expect, it } from "vitest";
import { changeStat, inProject, pendingCount, rankItems } from "../../src/core/ranking.js";
import type { Artifact } from "../../src/core/schema.js";
import { fixtureWorker } from "../helpers/popup-fixtures.js";

const t = (m: number) => `2026-01-01T00:${String(m).padStart(2, "0")}:00.000Z`;
const cs = {
  baseline: "abc",
  files: [
    { path: "a.ts", added: 40, removed: 2 },
    { path: "b.ts", added: 0, removed: 10 },
    { path: "c.ts", added: 0, removed: 0 },
  ],
  patch: "changeset.patch",
  frozenAt: t(5),
};

describe("rankItems", () => {
  it("ranks questions (oldest first), failures, changes, findings, then running; reviewed sink", () => {
    const running = fixtureWorker({
      index: 1,
      state: "active",
      todos: [
        { text: "a", state: "completed" },
        { text: "b", state: "in_progress" },
      ],
    });
    const findings = fixtureWorker({
      index: 2,
      state: "ready",
      result: { outcome: "findings", summary: "found it", evidence: [], recommended: [], at: t(1) },
    });
    const changes = fixtureWorker({
      index: 3,
      state: "ready",
      changeSet: cs,
      result: { outcome: "completed", summary: "patched", evidence: [], recommended: [], at: t(9) },
    });
    const failed = fixtureWorker({ index: 4, state: "failed", failure: { reason: "boom", at: t(8) } });
    const qNew = fixtureWorker({ index: 5, state: "needs_input", question: { text: "newer?", askedAt: t(7) } });
    const qOld = fixtureWorker({ index: 6, state: "needs_input", question: { text: "older?", askedAt: t(2) } });
    const reviewed = fixtureWorker({
      index: 7,
      state: "ready",
      reviewedAt: t(3),
      result: { outcome: "completed", summary: "old", evidence: [], recommended: [], at: t(0) },
    });
    const items = rankItems({ workers: [running, findings, changes, failed, qNew, qOld, reviewed] });
    expect(items.map((i) => i.label)).toEqual(["w6", "w5", "w4", "w3", "w2", "w1", "w7"]);
    expect(items.map((i) => i.group)).toEqual([
      "question",
      "question",
      "failure",
      "changes",
      "findings",
      "running",
      "reviewed",
    ]);
    expect(items.find((i) => i.label === "w1")).toMatchObject({ dim: true, progress: "1/2", subject: "b" });
    expect(items.find((i) => i.label === "w7")!.dim).toBe(true);
    expect(items.find((i) => i.label === "w3")!.markers).toContain("3 files +40 −12");
    expect(pendingCount(items)).toBe(5);
  });

  it("a needs_input worker whose question was answered is not a question", () => {
    const w = fixtureWorker({
      state: "needs_input",
      question: { text: "q", askedAt: t(1), answeredAt: t(2), answer: "yes" },
    });
    expect(rankItems({ workers: [w] })[0]!.group).toBe("running");
  });

  it("failed commands and errors from evidence become items (the most recent few per worker), oldest first", () => {
    const w = fixtureWorker({ index: 9, state: "active" });
    const arts: Artifact[] = [
      { id: "c1", type: "command", at: t(1), title: "npm test", text: "", exitCode: 1 },
      { id: "c2", type: "command", at: t(2), title: "ls", text: "", exitCode: 0 },
      { id: "e1", type: "error", at: t(3), title: "TypeError: boom", text: "" },
      { id: "e2", type: "error", at: t(4), title: "e2", text: "" },
      { id: "e3", type: "error", at: t(5), title: "e3", text: "" },
    ];
    const items = rankItems({ workers: [w], artifacts: new Map([[w.id, arts]]), doneKeys: new Set(["w9.e2"]) });
    const ev = items.filter((i) => i.artifactId);
    expect(ev.map((i) => i.key)).toEqual(["w9.e1", "w9.e3", "w9.e2"]);
    expect(ev.find((i) => i.key === "w9.e2")).toMatchObject({ group: "reviewed", dim: true });
    expect(items[0]!.group).toBe("evidence");
  });

  it("scopes to the project unless none is given; adds caller markers", () => {
    const here = fixtureWorker({
      index: 11,
      project: "/repo",
      workspace: { type: "worktree", path: "/x", parentDir: "/repo/sub", repoRoot: "/repo" },
    });
    const there = fixtureWorker({
      index: 12,
      project: "/other",
      workspace: { type: "worktree", path: "/y", parentDir: "/other", repoRoot: "/other" },
    });
    expect(rankItems({ workers: [here, there], project: "/repo" }).map((i) => i.label)).toEqual(["w11"]);
    expect(rankItems({ workers: [here, there] })).toHaveLength(2);
    expect(inProject(there, "/repo")).toBe(false);
    expect(
      inProject(
        fixtureWorker({ project: "/repository", workspace: { type: "copy", path: "/z", parentDir: "/repository" } }),
        "/repo",
      ),
    ).toBe(false);
    const marked = rankItems({ workers: [here], markers: new Map([[here.id, ["silent 6m"]]]) });
    expect(marked[0]!.markers).toEqual(["silent 6m"]);
  });

  it("changeStat is undefined without files", () => {
    expect(changeStat(fixtureWorker({}))).toBeUndefined();
  });
});
