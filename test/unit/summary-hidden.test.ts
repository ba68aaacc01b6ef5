// Reviewed or ended workers at rest past worker.dockIdleHideMinutes leave the status-line summary the
// same way they leave the inbox: one predicate (isHidden), also through the status line's light parse.
import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isHidden } from "../../src/core/eviction.js";
import { summarize } from "../../src/core/summary.js";
import { DEFAULT_CONFIG } from "../../src/core/config.js";
import { readPublishWorkers, toPublishWorker } from "../../src/tmux/publish.js";
import { loadSnapshot } from "../../src/ui/data.js";
import { writeNewStatus } from "../../src/store/workers.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

const NOW = Date.parse("2025-03-01T12:00:00.000Z");
const ago = (m: number) => new Date(NOW - m * 60_000).toISOString();
const TH = { silentMinutes: 5, waitingMinutes: 30, dockIdleHideMinutes: 30 };

function fleet() {
  return [
    fixtureStatus(1, {
      state: "ready",
      updatedAt: ago(50),
      reviewedAt: ago(45),
      result: { summary: "old, reviewed", at: ago(50) },
    }),
    // Written since it ended (e.g. a loadedAt stamp): rest counts from endedAt, not updatedAt.
    fixtureStatus(2, { state: "ended", updatedAt: ago(1), endedAt: ago(40), exitCode: 0 }),
    fixtureStatus(3, { state: "ended", updatedAt: ago(5), endedAt: ago(5), exitCode: 0 }),
    fixtureStatus(4, { state: "ready", updatedAt: ago(40), result: { summary: "not reviewed yet", at: ago(40) } }),
    fixtureStatus(5, {
      state: "failed",
      updatedAt: ago(60),
      reviewedAt: ago(35),
      failure: { reason: "boom", at: ago(60) },
    }),
    fixtureStatus(6, { state: "active", updatedAt: ago(1), heartbeatAt: ago(1), lastActivityAt: ago(1) }),
  ];
}

describe("hidden workers leave the summary", () => {
  it("drops reviewed/ended workers at rest past dockIdleHideMinutes from every count and the total", () => {
    const s = summarize(fleet(), NOW, TH);
    // w1, w2, w5 hidden; w3 (ended 5m ago: a failure until it hides), w4 (ready), w6 (active) remain.
    expect(s).toMatchObject({ total: 3, ready: 1, failed: 1, running: 1, waiting: 0 });
    expect(summarize(fleet(), NOW, { ...TH, dockIdleHideMinutes: 600 }).total).toBe(6);
  });

  it("hides the same workers through the status line's parse as through the full status", () => {
    for (const w of fleet()) {
      const light = toPublishWorker(JSON.parse(JSON.stringify(w)));
      expect(light).toBeDefined();
      expect(isHidden(light!, NOW, { worker: TH })).toBe(isHidden(w, NOW, { worker: TH }));
    }
  });

  it("counts exactly the workers the inbox still lists", async () => {
    const home = mkdtempSync(join(tmpdir(), "docket-hidden-"));
    const agentDir = process.env.PI_CODING_AGENT_DIR;
    process.env.PI_CODING_AGENT_DIR = home; // no docket.json there: default config, never the developer's
    try {
      for (const w of fleet()) writeNewStatus(home, w);
      const snap = await loadSnapshot(home, undefined, NOW);
      const listed = new Set(snap.items.map((i) => i.label));
      expect([...listed].sort()).toEqual(["w3", "w4", "w6"]);
      expect(
        summarize(readPublishWorkers(home), NOW, {
          ...TH,
          dockIdleHideMinutes: DEFAULT_CONFIG.worker.dockIdleHideMinutes,
        }).total,
      ).toBe(listed.size);
    } finally {
      if (agentDir === undefined) delete process.env.PI_CODING_AGENT_DIR;
      else process.env.PI_CODING_AGENT_DIR = agentDir;
      rmSync(home, { recursive: true, force: true });
    }
  });
});
