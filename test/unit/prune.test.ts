import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_CONFIG } from "../../src/core/config.js";
import { isHidden, pruneVerdict } from "../../src/core/eviction.js";
import { writeNewStatus, listWorkers } from "../../src/store/workers.js";
import { appendDecision, readDecisions } from "../../src/store/ledger.js";
import { workerPaths } from "../../src/store/layout.js";
import { prune, maybePrune } from "../../src/workers/prune.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

const HOUR = 3_600_000;
const NOW = Date.parse("2025-01-03T00:00:00.000Z");
const ago = (h: number) => new Date(NOW - h * HOUR).toISOString();
const cfg = { worker: { ...DEFAULT_CONFIG.worker, pruneAfterHours: 24, dockIdleHideMinutes: 30 } };
const noTeardown = async () => {};

describe("eviction rules", () => {
  it("hides reviewed and ended workers after dockIdleHideMinutes, never unreviewed ready or failed ones", () => {
    const reviewed = fixtureStatus(1, { state: "ready", reviewedAt: ago(1) });
    const ended = fixtureStatus(2, { state: "ended", endedAt: ago(1) });
    const ready = fixtureStatus(3, { state: "ready", updatedAt: ago(5) });
    const failed = fixtureStatus(4, { state: "failed", updatedAt: ago(5) });
    const fresh = fixtureStatus(5, { state: "ready", reviewedAt: new Date(NOW - 60_000).toISOString() });
    expect([reviewed, ended, ready, failed, fresh].map((w) => isHidden(w, NOW, cfg))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it("keeps running workers whatever their age", () => {
    expect(pruneVerdict(fixtureStatus(1, { state: "active", createdAt: ago(100) }), NOW, cfg, false)).toBe("keep");
  });
});

describe("prune on a real store", () => {
  function world() {
    const home = mkdtempSync(join(tmpdir(), "docket-prune-"));
    const debt = fixtureStatus(1, { state: "ended", endedAt: ago(30), task: "nobody looked at this" });
    const judged = fixtureStatus(2, {
      state: "ready",
      updatedAt: ago(30),
      result: { outcome: "completed", summary: "done", evidence: [], recommended: [], at: ago(30) },
    });
    const failed = fixtureStatus(3, { state: "failed", updatedAt: ago(30), failure: { reason: "boom", at: ago(30) } });
    const young = fixtureStatus(4, { state: "ended", endedAt: ago(2) });
    const reviewed = fixtureStatus(5, { state: "ready", reviewedAt: ago(25) });
    for (const w of [debt, judged, failed, young, reviewed]) writeNewStatus(home, w);
    appendDecision(home, {
      ts: ago(29),
      verb: "accept",
      worker: judged.id,
      label: judged.label,
      task: judged.task,
      state: "ready",
      evidence: [],
    });
    return { home, debt, judged, failed, young, reviewed };
  }

  it("prunes the aged worker without a verdict as debt, the judged one without debt, and keeps the failed unreviewed one", async () => {
    const w = world();
    const r = await prune(w.home, { now: NOW, config: cfg, teardown: noTeardown });
    expect(r.ran).toBe(true);
    expect(r.pruned.map((p) => [p.label, p.debt]).sort()).toEqual([
      ["w1", true],
      ["w2", false],
      ["w5", false],
    ]);
    expect(listWorkers(w.home).workers.map((x) => x.label)).toEqual(["w3", "w4"]);
    expect(existsSync(workerPaths(w.home, w.debt.id).dir)).toBe(false);
    const rows = readDecisions(w.home).decisions;
    const debtRows = rows.filter((d) => d.verb === "worker_evicted_unreviewed");
    expect(debtRows.map((d) => [d.label, d.worker, d.state, d.task])).toEqual([
      ["w1", w.debt.id, "ended", "nobody looked at this"],
    ]);
  });

  it("is skipped by maybePrune within the interval, and never counts the same debt twice", async () => {
    const w = world();
    const failing = async () => {
      throw new Error("tmux gone");
    };
    const first = await prune(w.home, { now: NOW, config: cfg, teardown: failing });
    expect(first.errors.length).toBe(3);
    expect(listWorkers(w.home).workers.length).toBe(5);
    expect(await maybePrune(w.home, { now: NOW + 1000, config: cfg, teardown: noTeardown })).toMatchObject({
      ran: false,
    });
    const second = await prune(w.home, { now: NOW + 2000, force: true, config: cfg, teardown: noTeardown });
    expect(second.pruned.find((p) => p.label === "w1")?.debt).toBe(true);
    expect(readDecisions(w.home).decisions.filter((d) => d.verb === "worker_evicted_unreviewed").length).toBe(1);
  });
});
