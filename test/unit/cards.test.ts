import { describe, expect, it } from "vitest";
import { renderArtifactCard, renderCard, evidenceText, changeSetLines } from "../../src/ui/card.js";
import { colorDiff, colorDiffLine } from "../../src/ui/diff.js";
import { renderChoices } from "../../src/ui/verdict-screen.js";
import { choicesFor } from "../../src/core/verdict.js";
import { stripAnsi } from "../../src/ui/ansi.js";
import { fixtureWorker } from "../helpers/popup-fixtures.js";

const GREEN = "\x1b[32m";
const RED = "\x1b[31m";
const at = "2026-01-01T00:00:00.000Z";
const now = Date.parse("2026-01-01T00:05:00.000Z");

describe("cards", () => {
  it("a question card: header with state and age, risk in a warning colour, numbered options", () => {
    const w = fixtureWorker({
      index: 3,
      task: "run migration suite",
      state: "needs_input",
      question: {
        text: "Which path?",
        options: ["Use the migration-safe path", "Proceed as proposed"],
        recommend: "Use the migration-safe path",
        risk: "irreversible: drops the sessions table",
        askedAt: at,
      },
    });
    const card = renderCard({ worker: w, now });
    const plain = stripAnsi(card);
    expect(plain.split("\n")[0]).toMatch(/^● w3 · run migration suite\s+needs input · 5m ago · default$/);
    expect(card).toContain("\x1b[1;33m  ⚠ irreversible: drops the sessions table");
    expect(plain).toMatch(/1 Use the migration-safe path {2}· recommended/);
    expect(plain).toMatch(/2 Proceed as proposed/);
  });

  it("a ready card: summary, evidence, recommendations, change-set stat with green + and red −", () => {
    const w = fixtureWorker({
      state: "ready",
      result: {
        outcome: "completed",
        summary: "fixed the parser",
        evidence: ["npm test: 12 passed"],
        recommended: ["bump the version"],
        at,
      },
      changeSet: {
        baseline: "b",
        files: [
          { path: "src/a.ts", added: 40, removed: 2 },
          { path: "src/b.ts", added: 0, removed: 10 },
        ],
        patch: "changeset.patch",
        frozenAt: at,
      },
    });
    const card = renderCard({ worker: w, now });
    const plain = stripAnsi(card);
    for (const s of [
      "Summary (completed)",
      "fixed the parser",
      "Evidence",
      "npm test: 12 passed",
      "Recommended",
      "bump the version",
      "Change set 2 files +40 −12",
      "src/b.ts  +0 −10",
    ])
      expect(plain).toContain(s);
    expect(card).toContain(`${GREEN}+40\x1b[0m ${RED}−12\x1b[0m`);
    expect(changeSetLines(fixtureWorker({}))).toEqual([]);
  });

  it("a failed card shows the reason and the terminal tail", () => {
    const w = fixtureWorker({
      state: "failed",
      failure: { reason: "worker process exited before reporting ready (exit 1)", at },
    });
    const plain = stripAnsi(
      renderCard({ worker: w, now, paneTail: "Error: missing DATABASE_URL\n    at loadConfig (src/db.ts:14)\n" }),
    );
    expect(plain).toContain("Failure");
    expect(plain).toContain("Terminal tail");
    expect(plain).toContain("Error: missing DATABASE_URL");
  });

  it("evidence cards and copy text", () => {
    const w = fixtureWorker({ index: 4, state: "active" });
    const a = { id: "c1", type: "command" as const, at, title: "npm test", text: "FAIL src/a.test.ts", exitCode: 1 };
    expect(stripAnsi(renderArtifactCard(w, a, now))).toMatch(/^● w4.c1 · npm test\s+command · 5m ago · exit 1/);
    expect(evidenceText(w, a)).toBe("w4.c1 npm test\nFAIL src/a.test.ts\n");
  });

  it("verdict menu: Reject & stop set apart (blank line before) in the danger colour, digits only on options", () => {
    const w = fixtureWorker({
      state: "needs_input",
      question: { text: "q", options: ["a", "b"], recommend: "a", askedAt: at },
    });
    const lines = renderChoices(choicesFor(w), 0);
    const plain = lines.map(stripAnsi);
    const stop = plain.findIndex((l) => l.includes("Reject & stop"));
    expect(plain[stop - 1]).toBe("");
    expect(lines[stop]).toContain("\x1b[1;31mReject & stop");
    expect(plain[stop]).not.toMatch(/\d Reject/);
    expect(plain[0]).toMatch(/^ ▸ 1 a/);
  });
});

describe("diff colouring", () => {
  it("added green, removed red, @@ accented, metadata muted, context dim", () => {
    expect(colorDiffLine("+x")).toBe(`${GREEN}+x\x1b[0m`);
    expect(colorDiffLine("-x")).toBe(`${RED}-x\x1b[0m`);
    expect(colorDiffLine("@@ -1 +1 @@")).toBe("\x1b[36m@@ -1 +1 @@\x1b[0m");
    for (const meta of ["diff --git a/x b/x", "index 1..2 100644", "--- a/x", "+++ b/x"])
      expect(colorDiffLine(meta)).toBe(`\x1b[90m${meta}\x1b[0m`);
    expect(colorDiffLine(" ctx")).toBe("\x1b[2m ctx\x1b[0m");
    expect(colorDiff("+a\n-b").split("\n")).toHaveLength(2);
  });
});
