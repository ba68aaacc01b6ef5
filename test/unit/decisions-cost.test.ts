// `docket log decisions` with what the workers cost: each decision row carries the worker's spend when
// it was made; the report sums each worker once (its latest spend) and divides by resolved decisions.
import { describe, expect, it } from "vitest";
import { decisionsReport, renderDecisionsReport } from "../../src/core/decisions-report.js";
import type { Decision } from "../../src/core/schema.js";

const now = Date.parse("2026-12-02T12:00:00.000Z");
const row = (min: number, verb: Decision["verb"], worker: string, cost?: number): Decision => ({
  ts: new Date(now - min * 60_000).toISOString(),
  verb,
  worker,
  label: worker.replace("id-", "w"),
  task: "t",
  state: "ready",
  evidence: [],
  ...(cost === undefined ? {} : { cost }),
});

describe("decisions report: cost", () => {
  it("sums each worker once at its latest spend, per resolved decision, and shows it on each row", () => {
    const r = decisionsReport(
      [
        row(30, "chat", "id-1", 0.1),
        row(20, "accept", "id-1", 0.4),
        row(10, "reject", "id-2", 0.2),
        row(5, "dismiss", "id-3"),
      ],
      now - 86_400_000,
    );
    expect(r.cost?.workers).toBe(2);
    expect(r.cost?.spent).toBeCloseTo(0.6, 10);
    expect(r.cost?.perDecision).toBeCloseTo(0.15, 10); // 4 resolved decisions
    const text = renderDecisionsReport(r, now);
    expect(text).toContain("cost: $0.600 spent by 2 workers decided on · $0.150 per resolved decision");
    expect(text).toMatch(/w1 +accept {2}\(ready\) {2}\$0\.400/);
  });

  it("says nothing about cost when no decision recorded one", () => {
    const r = decisionsReport([row(5, "dismiss", "id-3")], now - 86_400_000);
    expect(r.cost).toBeUndefined();
    expect(renderDecisionsReport(r, now)).not.toContain("cost:");
  });
});
