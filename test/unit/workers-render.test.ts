// `docket workers` table: column headers aligned with the rows.
import { describe, expect, it } from "vitest";
import { workersTable } from "../../src/workers/render.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

const CFG = { worker: { silentMinutes: 5, waitingMinutes: 30 } } as never;

describe("workers table", () => {
  it("starts with column headers aligned with the rows", () => {
    const now = Date.parse("2025-01-01T00:05:00.000Z");
    const lines = workersTable([fixtureStatus(1, { state: "needs_input" }), fixtureStatus(12)], now, CFG).trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    const [head, row] = lines as [string, string];
    expect(head.split(/\s+/)).toEqual(["REF", "STATE", "KIND", "AGE", "TASK"]);
    for (const [col, value] of [["STATE", "needs_input"], ["KIND", "default"], ["TASK", "task number 1"]] as const) {
      expect(row.indexOf(value), col).toBe(head.indexOf(col));
    }
    expect(row.indexOf("5m") + 2, "AGE right-aligned").toBe(head.indexOf("AGE") + 3);
  });

  it("says so when there are none (no header)", () => {
    expect(workersTable([], Date.now(), CFG)).toBe("no workers\n");
  });
});
