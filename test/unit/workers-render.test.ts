// `docket workers` table: column headers aligned with the rows.
import { describe, expect, it } from "vitest";
import { workersTable } from "../../src/workers/render.js";
import { cardHeaderParts } from "../../src/ui/card.js";
import { stripAnsi } from "../../src/ui/ansi.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

const CFG = { worker: { silentMinutes: 5, waitingMinutes: 30 } } as never;

describe("workers table", () => {
  it("starts with column headers aligned with the rows", () => {
    const now = Date.parse("2025-01-01T00:05:00.000Z");
    const lines = workersTable([fixtureStatus(1, { state: "needs_input" }), fixtureStatus(12)], now, CFG)
      .trimEnd()
      .split("\n");
    expect(lines).toHaveLength(3);
    const [head, row] = lines as [string, string];
    expect(head.split(/\s+/)).toEqual(["REF", "STATE", "KIND", "AGE", "COST", "TASK"]);
    for (const [col, value] of [
      ["STATE", "needs input"],
      ["KIND", "default"],
      ["TASK", "task number 1"],
    ] as const) {
      expect(row.indexOf(value), col).toBe(head.indexOf(col));
    }
    expect(row.indexOf("5m") + 2, "AGE right-aligned").toBe(head.indexOf("AGE") + 3);
  });

  it("says a state and its age in the same words as the cards: since the worker began it, not since the last heartbeat", () => {
    const now = Date.parse("2025-01-01T01:00:00.000Z");
    const heartbeat = "2025-01-01T00:59:58.000Z";
    const busy = fixtureStatus(2, { state: "active", startedAt: "2025-01-01T00:20:00.000Z", updatedAt: heartbeat });
    const asking = fixtureStatus(3, {
      state: "needs_input",
      updatedAt: heartbeat,
      questions: [{ text: "which?", askedAt: "2025-01-01T00:48:00.000Z" }],
    });
    const rows = workersTable([busy, asking], now, CFG).split("\n");
    expect(rows[1]).toMatch(/^w2\s+active\s+default\s+40m\s+- {2}task number 2/);
    expect(rows[2]).toMatch(/^w3\s+needs input\s+default\s+12m\s+- {2}task number 3/);
    expect(stripAnsi(cardHeaderParts(busy, now).meta)).toBe("active · 40m ago · default");
    expect(stripAnsi(cardHeaderParts(asking, now).meta)).toBe("needs input · 12m ago · default");
  });

  it("says so when there are none (no header)", () => {
    expect(workersTable([], Date.now(), CFG)).toBe("no workers\n");
  });
});
