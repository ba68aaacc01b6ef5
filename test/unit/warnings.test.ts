import { describe, expect, it } from "vitest";
import { fleetWarningsShort, formatAge, warningText, workerWarnings } from "../../src/core/warnings.js";
import { DEFAULT_CONFIG } from "../../src/core/config.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

const T0 = Date.parse("2025-01-01T00:00:00.000Z");
const min = (n: number) => T0 + n * 60_000;
const cfg = DEFAULT_CONFIG;

describe("workerWarnings", () => {
  it("marks a running worker silent after silentMinutes without tool/todo activity", () => {
    const w = fixtureStatus(1, { state: "active", lastActivityAt: new Date(T0).toISOString() });
    expect(workerWarnings(w, min(4), cfg)).toEqual([]);
    const ws = workerWarnings(w, min(6), cfg);
    expect(ws.map((x) => x.text)).toEqual(["silent 6m"]);
    expect(ws[0]!.short).toBe("s6m");
  });

  it("falls back to startedAt, then createdAt, when no activity was recorded", () => {
    const started = fixtureStatus(1, { state: "starting", startedAt: new Date(min(3)).toISOString() });
    expect(warningText(started, min(9), cfg)).toBe("silent 6m");
    const created = fixtureStatus(2, { state: "idle" });
    expect(warningText(created, min(7), cfg)).toBe("silent 7m");
  });

  it("honours a configured fractional threshold and shows seconds below a minute", () => {
    const w = fixtureStatus(1, { lastActivityAt: new Date(T0).toISOString() });
    const fast = { worker: { silentMinutes: 0.02, waitingMinutes: 30 } };
    expect(warningText(w, T0 + 1000, fast)).toBe("");
    expect(warningText(w, T0 + 2000, fast)).toBe("silent 2s");
  });

  it("never marks a terminal or waiting worker silent", () => {
    for (const state of ["ready", "failed", "error", "ended", "needs_input"] as const) {
      expect(workerWarnings(fixtureStatus(1, { state }), min(600), cfg).filter((x) => x.kind === "silent")).toEqual([]);
    }
  });

  it("marks an unanswered question waiting after waitingMinutes", () => {
    const q = { text: "which path?", askedAt: new Date(min(10)).toISOString() };
    const w = fixtureStatus(1, { state: "needs_input", question: q });
    expect(warningText(w, min(39), cfg)).toBe("");
    expect(warningText(w, min(41), cfg)).toBe("waiting 31m");
    const answered = fixtureStatus(1, {
      state: "needs_input",
      question: { ...q, answeredAt: new Date(min(12)).toISOString() },
    });
    expect(warningText(answered, min(90), cfg)).toBe("");
  });
});

describe("fleetWarningsShort", () => {
  it("names the oldest worker per kind and counts the rest", () => {
    const a = fixtureStatus(1, { lastActivityAt: new Date(min(0)).toISOString() });
    const b = fixtureStatus(2, { lastActivityAt: new Date(min(2)).toISOString() });
    const c = fixtureStatus(3, {
      state: "needs_input",
      question: { text: "q", askedAt: new Date(min(0)).toISOString() },
    });
    const d = fixtureStatus(4, { state: "ready" });
    expect(fleetWarningsShort([a, b, c, d], min(31), cfg)).toBe("w3 waiting 31m · w1 silent 31m +1");
    expect(fleetWarningsShort([d], min(31), cfg)).toBe("");
  });
});

describe("formatAge", () => {
  it("uses the largest sensible unit", () => {
    expect([formatAge(5_000), formatAge(6 * 60_000), formatAge(3 * 3600_000), formatAge(72 * 3600_000)]).toEqual([
      "5s",
      "6m",
      "3h",
      "3d",
    ]);
  });
});
