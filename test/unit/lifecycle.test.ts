// The one worker state machine (core/lifecycle.ts): which moves each state allows, what they write,
// and the one event shape, read back whichever side wrote it.
import { describe, expect, it } from "vitest";
import {
  alive,
  canMove,
  died,
  eventReason,
  messageArrived,
  MOVES,
  openQuestions,
  stateEvent,
  stopped,
} from "../../src/core/lifecycle.js";
import { WORKER_STATES } from "../../src/core/states.js";
import { buildEpisodes } from "../../src/core/timeline.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

const at = "2026-12-01T10:00:00.000Z";

describe("worker lifecycle", () => {
  it("every move leads to a known state from known states", () => {
    for (const m of Object.values(MOVES)) {
      expect(WORKER_STATES).toContain(m.to);
      for (const f of m.from) expect(WORKER_STATES).toContain(f);
    }
  });

  it("a late heartbeat never revives a stopped, ended or failed worker", () => {
    for (const state of ["stopped", "ended", "failed", "error"] as const) {
      const s = fixtureStatus(1, { state });
      expect(alive(s, 42, at, true).state).toBe(state);
    }
    expect(alive(fixtureStatus(1, { state: "ready" }), 42, at, false).state).toBe("ready"); // a heartbeat alone
  });

  it("a run on a ready worker is a revision: active until a new result, or ready again with the old one", () => {
    const ready = fixtureStatus(1, { state: "ready", result: { summary: "v1", at } });
    const revising = alive(ready, 42, at, true);
    expect(revising.state).toBe("active");
    expect(revising.result?.summary).toBe("v1"); // shown on the card while it works
    expect(canMove("active", "rested")).toBe(true);
    expect(canMove("idle", "rested")).toBe(false);
    expect(alive(fixtureStatus(1, { state: "starting" }), 42, at, false).state).toBe("active");
    expect(alive(fixtureStatus(1, { state: "idle" }), 42, at, true).state).toBe("active");
    expect(alive(fixtureStatus(1, { state: "idle" }), 42, at, false).state).toBe("idle");
  });

  it("stop is its own state and only from a running one; death keeps an outcome", () => {
    expect(stopped(fixtureStatus(1, { state: "needs_input" }), at)).toMatchObject({
      state: "stopped",
      stoppedAt: at,
      endedAt: at,
    });
    expect(stopped(fixtureStatus(1, { state: "ready" }), at)).toBeUndefined();
    expect(canMove("stopped", "respawn")).toBe(true);
    expect(died(fixtureStatus(1, { state: "stopped" }), 0, at, "x").state).toBe("stopped");
    const ready = died(fixtureStatus(1, { state: "ready" }), 0, at, "x");
    expect(ready).toMatchObject({ state: "ready", endedAt: at, exitCode: 0 }); // ready, process gone
    expect(died(fixtureStatus(1, { state: "active" }), 3, at, "boom")).toMatchObject({
      state: "failed",
      failure: { reason: "boom" },
    });
    expect(canMove("stopped", "ask")).toBe(false); // a dying pi's report cannot undo the person's stop
  });

  it("a reply answers the question it names, else the oldest open one; the worker waits while any stays open", () => {
    const q1 = { text: "one?", askedAt: "2026-12-01T09:00:00.000Z" };
    const q2 = { text: "two?", askedAt: "2026-12-01T09:30:00.000Z" };
    const s = fixtureStatus(1, { state: "needs_input", question: q2, questions: [q1, q2] });
    const a = messageArrived(s, "first answer", at)!;
    expect(a.questions.map((q) => q.answer)).toEqual(["first answer", undefined]);
    expect(a.state).toBe("needs_input");
    expect(openQuestions(a).map((q) => q.text)).toEqual(["two?"]);
    const b = messageArrived(s, "for two", at, q2.askedAt)!;
    expect(b.questions.map((q) => q.answer)).toEqual([undefined, "for two"]);
    const c = messageArrived(a, "second answer", at)!;
    expect(c.state).toBe("active");
    expect(c.question?.answer).toBe("second answer");
    expect(messageArrived(fixtureStatus(1, { state: "ready" }), "hi", at)).toBeUndefined();
  });

  it("the timeline shows the reason of every transition, in the shape both sides write and the old `why`", () => {
    expect(stateEvent("active", "idle", "turn ended")).toEqual({ from: "active", to: "idle", reason: "turn ended" });
    expect(eventReason({ why: "docket_wait" })).toBe("docket_wait");
    const w = fixtureStatus(1, { state: "ready" });
    const events = [
      { ts: "2026-12-01T10:00:01.000Z", kind: "state", payload: stateEvent("starting", "active", "heartbeat") },
      {
        ts: "2026-12-01T10:00:02.000Z",
        kind: "state",
        payload: { from: "active", to: "needs_input", why: "docket_wait" },
      },
    ];
    const lines = buildEpisodes([w], new Map([[w.id, events]]), [])[0]!.entries.map((e) => e.what);
    expect(lines).toContain("→ active (heartbeat)");
    expect(lines).toContain("→ needs_input (docket_wait)");
  });
});
