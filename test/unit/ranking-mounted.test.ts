// Mounted evidence (`docket load`) becomes inbox items; a loaded worker stays listed but no longer
// counts as unresolved, in the inbox ranking and in the status-line summary alike.
import { describe, expect, it } from "vitest";
import { pendingCount, rankItems, type MountedInput } from "../../src/core/ranking.js";
import { summarize } from "../../src/core/summary.js";
import { toPublishWorker } from "../../src/tmux/publish.js";
import type { Artifact } from "../../src/core/schema.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

const NOW = Date.parse("2025-01-01T01:00:00.000Z");
const TH = { silentMinutes: 5, waitingMinutes: 30, dockIdleHideMinutes: 30 };
const art = (id: string, type: Artifact["type"], title: string, exitCode?: number): Artifact =>
  ({
    id,
    type,
    at: "2025-01-01T00:10:00.000Z",
    title,
    text: title,
    ...(exitCode !== undefined ? { exitCode } : {}),
  }) as Artifact;

describe("mounted evidence and loaded workers in the ranking", () => {
  const failed = fixtureStatus(1, {
    state: "failed",
    failure: { reason: "tests fail", at: "2025-01-01T00:09:00.000Z" },
  });
  const loadedReady = fixtureStatus(2, {
    state: "ready",
    loadedAt: "2025-01-01T00:30:00.000Z",
    result: { summary: "3 callers", at: "2025-01-01T00:20:00.000Z" },
  });
  const running = fixtureStatus(3, { state: "active" });
  const artifacts = new Map([[failed.id, [art("c1", "command", "npm test", 1)]]]);
  const mounted: MountedInput[] = [
    {
      ref: "b1.c1",
      source: "b1",
      sourceTitle: "auth findings",
      kind: "bundle",
      loadedAt: "2025-01-01T00:40:00.000Z",
      artifact: art("c1", "command", "npm test", 1),
    },
    {
      ref: "b1.a1",
      source: "b1",
      sourceTitle: "auth findings",
      kind: "bundle",
      loadedAt: "2025-01-01T00:40:00.000Z",
      artifact: art("a1", "answer", "getUser has 3 callers"),
    },
    {
      ref: "w2.a1",
      source: "w2",
      sourceTitle: "map callers",
      kind: "worker",
      loadedAt: "2025-01-01T00:30:00.000Z",
      artifact: art("a1", "answer", "3 callers"),
    },
    // Also the failed worker's own evidence item: listed once.
    {
      ref: "w1.c1",
      source: "w1",
      sourceTitle: "fix auth",
      kind: "worker",
      loadedAt: "2025-01-01T00:30:00.000Z",
      artifact: art("c1", "command", "npm test", 1),
    },
  ];
  const items = rankItems({ workers: [running, loadedReady, failed], artifacts, mounted });

  it("lists mounted items after failure evidence and before running workers, in load order, once each", () => {
    expect(items.map((i) => [i.key, i.group])).toEqual([
      ["w1", "failure"],
      ["w1.c1", "evidence"],
      ["b1.c1", "mounted"],
      ["b1.a1", "mounted"],
      ["w2.a1", "mounted"],
      ["w2", "loaded"],
      ["w3", "running"],
    ]);
    expect(items.find((i) => i.key === "b1.a1")).toMatchObject({
      workerId: "",
      label: "b1",
      state: "mounted",
      kind: "answer",
      artifactId: "a1",
      mounted: { from: "bundle", source: "b1" },
    });
    expect(items.find((i) => i.key === "w2.a1")!.workerId).toBe(loadedReady.id);
  });

  it("does not count a loaded worker or mounted items as needing a person", () => {
    expect(pendingCount(items)).toBe(2); // w1 and its failed command
    expect(items.find((i) => i.key === "w2")!.markers).toContain("loaded");
    const s = summarize(
      [failed, loadedReady, running].map((w) => toPublishWorker(JSON.parse(JSON.stringify(w)))!),
      NOW,
      TH,
    );
    expect(s).toMatchObject({ failed: 1, ready: 0, running: 1, total: 3 });
  });

  it("keeps a question a question even when the worker was loaded", () => {
    const asking = fixtureStatus(4, {
      state: "needs_input",
      loadedAt: "2025-01-01T00:30:00.000Z",
      question: { text: "migrate now?", options: [], askedAt: "2025-01-01T00:31:00.000Z" },
    });
    expect(rankItems({ workers: [asking] })[0]!.group).toBe("question");
  });
});
