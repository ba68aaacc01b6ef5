import { describe, expect, it } from "vitest";
import { APPROVE_TEXT, choiceForDigit, choicesFor, preselected, stampsReviewed } from "../../src/core/verdict.js";
import { fixtureWorker } from "../helpers/popup-fixtures.js";

const asked = "2026-01-01T00:01:00.000Z";

describe("verdict choices by state", () => {
  it("a question with options offers each option by digit, then Steer, Reject & stop, Chat", () => {
    const w = fixtureWorker({
      state: "needs_input",
      question: {
        text: "Which path?",
        options: ["safe path", "fast path", "skip"],
        recommend: "fast path",
        askedAt: asked,
      },
    });
    const c = choicesFor(w);
    expect(c.map((x) => x.label)).toEqual(["safe path", "fast path", "skip", "Steer", "Reject & stop", "Chat"]);
    expect(c.slice(0, 3).map((x) => x.digit)).toEqual([1, 2, 3]);
    expect(preselected(c)).toBe(1);
    expect(choiceForDigit(c, 2)?.text).toBe("fast path");
  });

  it("digits never reach Reject & stop or any non-option verb", () => {
    const w = fixtureWorker({ state: "needs_input", question: { text: "ok?", options: ["a", "b"], askedAt: asked } });
    const c = choicesFor(w);
    for (let d = 3; d <= 9; d++) expect(choiceForDigit(c, d)).toBeUndefined();
    const stop = c.find((x) => x.verb === "reject_stop")!;
    expect(stop.danger).toBe(true);
    expect(stop.digit).toBeUndefined();
    expect(choiceForDigit(choicesFor(fixtureWorker({ state: "ready" })), 1)).toBeUndefined();
  });

  it("a question without options offers Accept (approve text), Reject, Reject & stop, Chat", () => {
    const c = choicesFor(fixtureWorker({ state: "needs_input", question: { text: "go ahead?", askedAt: asked } }));
    expect(c.map((x) => x.verb)).toEqual(["accept", "reject", "reject_stop", "chat"]);
    expect(c[0]!.text).toBe(APPROVE_TEXT);
    expect(c[1]!.needsText).toBe(true);
  });

  it("ready with a change set: Accept promotes; Reject; without one: Dismiss", () => {
    const withCs = choicesFor(
      fixtureWorker({
        state: "ready",
        changeSet: {
          baseline: "abc",
          files: [{ path: "a.ts", added: 1, removed: 0 }],
          patch: "changeset.patch",
          frozenAt: asked,
        },
      }),
    );
    expect(withCs.map((x) => x.verb)).toEqual(["accept", "reject", "reject_stop", "chat"]);
    expect(withCs[0]!.promotes).toBe(true);
    const findings = choicesFor(fixtureWorker({ state: "ready" }));
    expect(findings.map((x) => x.verb)).toEqual(["accept", "dismiss", "reject_stop", "chat"]);
    expect(findings[0]!.promotes).toBeFalsy();
  });

  it("failed offers Retry, Dismiss, Reject & stop, Retry with a message (its pi is not running)", () => {
    expect(choicesFor(fixtureWorker({ state: "failed" })).map((x) => [x.verb, !!x.needsText])).toEqual([
      ["retry", false],
      ["dismiss", false],
      ["reject_stop", false],
      ["retry", true],
    ]);
  });

  it("only accept/reject/dismiss on a terminal state stamps reviewedAt", () => {
    expect(stampsReviewed("accept", "ready")).toBe(true);
    expect(stampsReviewed("dismiss", "failed")).toBe(true);
    expect(stampsReviewed("retry", "failed")).toBe(false);
    expect(stampsReviewed("chat", "ready")).toBe(false);
    expect(stampsReviewed("accept", "needs_input")).toBe(false);
    expect(stampsReviewed("option", "needs_input")).toBe(false);
  });
});
