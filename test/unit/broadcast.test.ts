// docket broadcast, the pure parts: the glob, who it goes to, and how the ledger row reads.
import { describe, expect, it } from "vitest";
import { matchesGlob } from "../../src/core/glob.js";
import { decisionsReport } from "../../src/core/decisions-report.js";
import type { Artifact, Decision } from "../../src/core/schema.js";
import { buildEpisodes } from "../../src/core/timeline.js";
import { broadcastTargets } from "../../src/workers/broadcast.js";
import { fixtureWorker } from "../helpers/popup-fixtures.js";

describe("matchesGlob", () => {
  it("** spans segments, * and ? stay within one, the rest is literal", () => {
    expect(matchesGlob("src/api/users.ts", "src/**")).toBe(true);
    expect(matchesGlob("src/api/users.ts", "src/**/*.ts")).toBe(true);
    expect(matchesGlob("src/users.ts", "src/**/*.ts")).toBe(true);
    expect(matchesGlob("src/api/users.ts", "src/*.ts")).toBe(false);
    expect(matchesGlob("src/a.ts", "src/?.ts")).toBe(true);
    expect(matchesGlob("src/ab.ts", "src/?.ts")).toBe(false);
    expect(matchesGlob("docs/a.md", "*.md")).toBe(true); // no slash: the last segment
    expect(matchesGlob("docs/a.md", "docs/*.ts")).toBe(false);
    expect(matchesGlob("a+b(c).txt", "a+b(c).txt")).toBe(true);
    expect(matchesGlob("axb.txt", "a.b.txt")).toBe(false);
    expect(matchesGlob("./src/x", "src/x")).toBe(true);
    expect(matchesGlob("src/x", "")).toBe(false);
  });
});

describe("broadcastTargets", () => {
  const edit = (path: string): Artifact => ({
    id: "f1",
    type: "edit",
    at: "2026-01-01T00:00:00.000Z",
    title: path,
    text: "",
    path,
  });
  const w1 = fixtureWorker({ index: 1, state: "active" });
  const w2 = fixtureWorker({ index: 2, state: "needs_input" });
  const w3 = fixtureWorker({ index: 3, state: "ready" });
  const w4 = fixtureWorker({ index: 4, state: "idle", endedAt: "2026-01-01T00:00:00.000Z" });
  const arts = new Map([
    [w1.id, [edit("src/api/a.ts")]],
    [w2.id, [edit("docs/b.md")]],
  ]);
  it("running workers only (pi not gone), in label order", () => {
    expect(broadcastTargets([w3, w2, w1, w4], arts, {}).map((w) => w.label)).toEqual(["w1", "w2"]);
  });
  it("--touching keeps those whose touched paths match", () => {
    expect(broadcastTargets([w1, w2], arts, { touching: "src/**" }).map((w) => w.label)).toEqual(["w1"]);
    expect(broadcastTargets([w1, w2], arts, { touching: "*.md" }).map((w) => w.label)).toEqual(["w2"]);
    expect(broadcastTargets([w1, w2], arts, { touching: "lib/**" })).toEqual([]);
  });
  it("scopes to the project", () => {
    expect(broadcastTargets([w1], arts, { project: "/elsewhere" })).toEqual([]);
  });
});

describe("the broadcast ledger row", () => {
  const w1 = fixtureWorker({ index: 1, state: "active" });
  const w2 = fixtureWorker({ index: 2, state: "active" });
  const row: Decision = {
    ts: "2026-01-01T00:05:00.000Z",
    verb: "broadcast",
    worker: "broadcast",
    label: "w1,w2",
    task: "",
    state: "active",
    text: "rebase on main",
    evidence: [],
    recipients: [
      { worker: w1.id, label: "w1", message: "m-1" },
      { worker: w2.id, label: "w2", message: "m-2" },
    ],
  };
  it("shows in each recipient's episode and no episode of its own", () => {
    const eps = buildEpisodes([w1, w2], new Map(), [row]);
    expect(eps).toHaveLength(2);
    for (const ep of eps)
      expect(ep.entries.some((e) => e.what.startsWith("broadcast m-") && e.what.includes('"rebase on main"'))).toBe(
        true,
      );
  });
  it("counts as a broadcast, not as a resolved decision", () => {
    const r = decisionsReport([row], 0);
    expect(r.perVerb.broadcast).toBe(1);
    expect(r.resolved).toBe(0);
  });
});
