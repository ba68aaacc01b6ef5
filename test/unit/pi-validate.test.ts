// Argument checks of the protocol tools, and the vague-done rule.
import { describe, expect, it } from "vitest";
import {
  checkDone,
  checkFail,
  checkSpawnChild,
  checkTodos,
  checkWait,
  vagueDoneReason,
} from "../../src/pi/validate.js";

function err(c: { ok: boolean; error?: string }): string {
  expect(c.ok).toBe(false);
  return c.error ?? "";
}

describe("docket_wait arguments", () => {
  it("accepts a question with 2-4 options, a recommendation among them and a risk", () => {
    expect(checkWait({ question: " Which? ", options: ["A", "B"], recommend: "B", risk: "drops a table" })).toEqual({
      ok: true,
      value: { question: "Which?", options: ["A", "B"], recommend: "B", risk: "drops a table" },
    });
    expect(checkWait({ question: "Free form?" })).toEqual({ ok: true, value: { question: "Free form?" } });
  });

  it("rejects bad calls with a sentence naming the field", () => {
    expect(err(checkWait({}))).toMatch(/docket_wait: `question` is required/);
    expect(err(checkWait({ question: "   " }))).toMatch(/`question` must not be empty/);
    expect(err(checkWait({ question: "q", options: ["only"] }))).toMatch(/2 to 4/);
    expect(err(checkWait({ question: "q", options: ["a", "b", "c", "d", "e"] }))).toMatch(/at most 4/);
    expect(err(checkWait({ question: "q", options: ["a", "A"] }))).toMatch(/distinct/);
    expect(err(checkWait({ question: "q", options: ["a", "b"], recommend: "c" }))).toMatch(/exactly one of `options`/);
    expect(err(checkWait({ question: "q", recommend: "c" }))).toMatch(/needs `options`/);
    expect(err(checkWait({ question: 42 }))).toMatch(/must be a string/);
    expect(err(checkWait(null))).toMatch(/JSON object/);
    expect(err(checkWait({ question: "x".repeat(5000) }))).toMatch(/too long/);
  });
});

describe("docket_todos arguments", () => {
  it("normalises items and defaults the state", () => {
    const c = checkTodos({ items: [{ text: "a" }, { id: 2, text: "b", state: "completed", note: "n" }, "c"] });
    expect(c).toEqual({
      ok: true,
      value: [
        { text: "a", state: "pending" },
        { id: "2", text: "b", state: "completed", note: "n" },
        { text: "c", state: "pending" },
      ],
    });
  });

  it("caps the board at 12 and checks states", () => {
    expect(err(checkTodos({ items: Array.from({ length: 13 }, (_, i) => ({ text: `t${i}` })) }))).toMatch(/at most 12/);
    expect(checkTodos({ items: Array.from({ length: 12 }, (_, i) => ({ text: `t${i}` })) }).ok).toBe(true);
    expect(err(checkTodos({ items: [{ text: "a", state: "done" }] }))).toMatch(/pending, in_progress, completed/);
    expect(err(checkTodos({ items: [{ state: "pending" }] }))).toMatch(/`text` is required/);
    expect(err(checkTodos({ items: "nope" }))).toMatch(/`items` must be a list/);
  });
});

describe("docket_done arguments", () => {
  it("defaults outcome and lists", () => {
    expect(checkDone({ summary: "Did it." })).toEqual({
      ok: true,
      value: { outcome: "completed", summary: "Did it.", evidence: [], recommended: [] },
    });
  });

  it("checks enums and list entries", () => {
    expect(err(checkDone({ summary: "s", outcome: "great" }))).toMatch(/completed, findings, proposal, no_evidence/);
    expect(err(checkDone({ summary: "s", scopeConfidence: "maybe" }))).toMatch(/clear, unclear/);
    expect(err(checkDone({ summary: "s", evidence: [1] }))).toMatch(/`evidence\[0\]` must be a string/);
    expect(err(checkDone({ evidence: [] }))).toMatch(/`summary` is required/);
  });

  it("a vague done (unclear scope, or no evidence found and none listed) is not a result", () => {
    const done = (a: object) => {
      const c = checkDone({ summary: "s", ...a });
      if (!c.ok) throw new Error(c.error);
      return vagueDoneReason(c.value);
    };
    expect(done({ scopeConfidence: "unclear", evidence: ["x"] })).toMatch(/unclear/);
    expect(done({ outcome: "no_evidence" })).toMatch(/no evidence/);
    expect(done({ outcome: "no_evidence", evidence: ["grep -r bear: no hits"] })).toBeUndefined();
    expect(done({ outcome: "findings", scopeConfidence: "clear" })).toBeUndefined();
  });
});

describe("docket_fail and docket_spawn_child arguments", () => {
  it("needs a reason", () => {
    expect(checkFail({ reason: "missing DATABASE_URL" })).toEqual({
      ok: true,
      value: { reason: "missing DATABASE_URL" },
    });
    expect(err(checkFail({ reason: "" }))).toMatch(/must not be empty/);
  });

  it("accepts only plain kind names", () => {
    expect(checkSpawnChild({ kind: "scout", task: "look around" })).toEqual({
      ok: true,
      value: { kind: "scout", task: "look around" },
    });
    for (const kind of ["../etc", "--help", "Scout", "a b", ""])
      expect(checkSpawnChild({ kind, task: "t" }).ok).toBe(false);
    expect(err(checkSpawnChild({ kind: "scout" }))).toMatch(/`task` is required/);
  });
});
