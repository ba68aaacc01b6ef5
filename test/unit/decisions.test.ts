import { describe, expect, it } from "vitest";
import { decisionsReport, parseSince, renderDecisionsReport } from "../../src/core/decisions-report.js";
import { buildEpisodes, renderEpisodes } from "../../src/core/timeline.js";
import type { Decision } from "../../src/core/schema.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

const NOW = Date.parse("2025-01-10T12:00:00.000Z");
const ago = (min: number) => new Date(NOW - min * 60_000).toISOString();
const row = (verb: Decision["verb"], min: number, extra: Partial<Decision> = {}): Decision => ({
  ts: ago(min),
  verb,
  worker: `x-${min}`,
  label: `w${min}`,
  task: "t",
  state: "ready",
  evidence: [],
  ...extra,
});

describe("decisions report", () => {
  it("counts resolved, evicted and per verb inside the window only", () => {
    const rows = [
      row("accept", 1),
      row("accept", 2),
      row("reject", 3),
      row("reject_stop", 4),
      row("chat", 5, { text: "try again" }),
      row("option", 6, { option: "Use the migration-safe path", risk: "drops a table", state: "needs_input" }),
      row("worker_evicted_unreviewed", 7, { state: "ended" }),
      row("worker_evicted_unreviewed", 8, { state: "ended" }),
      row("accept", 60 * 24 * 8), // older than 7 days
    ];
    const r = decisionsReport(rows, parseSince("7d", NOW));
    expect(r.resolved).toBe(6);
    expect(r.evicted).toBe(2);
    expect(r.debt).toBe(2);
    expect(r.perVerb).toEqual({ accept: 2, reject: 1, reject_stop: 1, chat: 1, option: 1 });
    const text = renderDecisionsReport(r, NOW);
    expect(text).toContain("Decisions · last 7 days");
    expect(text).toContain("6 resolved · 2 evicted unreviewed");
    expect(text).toContain("accept 2 · reject 1 · reject & stop 1 · chat 1 · option 1");
    expect(text).toContain("decision debt: 2 workers evicted unreviewed");
    expect(text).toContain('option "Use the migration-safe path"  (needs_input)  ⚠ drops a table');
    expect(text).not.toContain("w11520");
  });

  it("parses --since forms and refuses nonsense", () => {
    expect(parseSince("24h", NOW)).toBe(NOW - 24 * 3_600_000);
    expect(parseSince("2025-01-01", NOW)).toBe(Date.parse("2025-01-01"));
    expect(() => parseSince("yesterday", NOW)).toThrow(/invalid --since/);
  });
});

describe("episode timeline", () => {
  it("groups a worker's life with its verdict and keeps pruned workers from the ledger, newest first", () => {
    const w = fixtureStatus(1, {
      state: "ready",
      createdAt: ago(50),
      updatedAt: ago(20),
      questions: [{ text: "which db?", askedAt: ago(40), answeredAt: ago(35), answer: "postgres" }],
      result: { outcome: "completed", summary: "migrated", evidence: [], recommended: [], at: ago(20) },
    });
    const eps = buildEpisodes([w], new Map([[w.id, [{ ts: ago(45), kind: "state", payload: { to: "active" } }]]]), [
      row("accept", 10, { worker: w.id, label: "w1" }),
      row("worker_evicted_unreviewed", 100, { worker: "gone-1234", label: "w0", task: "old task", state: "ended" }),
    ]);
    expect(eps.map((e) => e.label)).toEqual(["w1", "w0"]);
    expect(eps[0]!.entries.map((e) => e.what)).toEqual([
      "spawned (default): task number 1",
      "→ active",
      "asked: which db?",
      "answered: postgres",
      "result (completed): migrated",
      "verdict: accept",
    ]);
    expect(eps[1]!.state).toBe("pruned");
    expect(renderEpisodes(eps)).toContain("w0 · old task · pruned");
  });
});
