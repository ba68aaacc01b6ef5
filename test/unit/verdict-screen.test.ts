// The verdict screen fit to small popups: the header (label, state, risk) and the verb menu with the
// selected verb always show, the body is cut with a line saying how much more there is, and the
// screen never has more lines than the popup has rows nor a line wider than it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { choicesFor, preselected } from "../../src/core/verdict.js";
import { stripAnsi } from "../../src/ui/ansi.js";
import { verdictFrame } from "../../src/ui/verdict-screen.js";
import { workerPaths } from "../../src/store/layout.js";
import { fixtureWorker } from "../helpers/popup-fixtures.js";
import { openTempStore, type TempStore } from "../helpers/temp-store.js";

let s: TempStore;
beforeAll(() => {
  s = openTempStore("docket-vscreen-");
});
afterAll(() => s.close());

const NOW = Date.parse("2026-01-01T01:00:00.000Z");
const failed = () => {
  const w = fixtureWorker({
    index: 7,
    state: "failed",
    task: "migrate the billing tables to the new schema and backfill",
    failure: {
      reason: "the migration could not reach the database: connection refused on 127.0.0.1:5432 after 3 retries",
      at: "2026-01-01T00:30:00.000Z",
    },
  });
  const p = workerPaths(s.home, w.id);
  mkdirSync(p.dir, { recursive: true });
  writeFileSync(p.paneTail, Array.from({ length: 20 }, (_, i) => `tail line ${i + 1} ${"x".repeat(90)}`).join("\n"));
  return w;
};
const asking = () =>
  fixtureWorker({
    index: 8,
    state: "needs_input",
    question: {
      text: "Which migration path should I take? ".repeat(6),
      options: ["rename the column", "add a new column", "drop and rebuild"],
      recommend: "add a new column",
      risk: "touches the schema",
      askedAt: "2026-01-01T00:40:00.000Z",
    },
  });

function frame(w: ReturnType<typeof fixtureWorker>, cols: number, rows: number, scroll = 0) {
  const choices = choicesFor(w);
  const cursor = preselected(choices);
  const f = verdictFrame(s.home, w, choices, cursor, 2, "", cols, rows, scroll, NOW);
  return { ...f, lines: stripAnsi(f.screen).split("\n"), selected: choices[cursor]!.label };
}

describe("verdict screen at small sizes", () => {
  for (const [cols, rows] of [
    [64, 19],
    [40, 12],
  ] as const) {
    it(`a failed worker at ${cols}×${rows}: label and state first, selected verb shown, fits`, () => {
      const w = failed();
      const f = frame(w, cols, rows);
      expect(f.lines.length).toBeLessThanOrEqual(rows);
      for (const l of f.lines) expect([...l].length).toBeLessThanOrEqual(cols);
      const head = f.lines.findIndex((l) => l.includes(w.label));
      expect(head).toBeGreaterThanOrEqual(0);
      expect(head).toBeLessThanOrEqual(2); // under the title (and its blank line) at most
      expect(f.lines[head]).toContain("failed");
      expect(f.lines.some((l) => l.includes("▸") && l.includes(f.selected.slice(0, 10)))).toBe(true);
      expect(f.lines.some((l) => /… \d+ more lines? \(PgDn\)/.test(l))).toBe(true);
    });

    it(`a question with risk at ${cols}×${rows}: the risk line and the selected verb show`, () => {
      const w = asking();
      const f = frame(w, cols, rows);
      expect(f.lines.length).toBeLessThanOrEqual(rows);
      const head = f.lines.findIndex((l) => l.includes(w.label));
      expect(f.lines[head]).toContain("needs input");
      expect(f.lines[head + 1]).toContain("touches the schema");
      expect(f.lines.some((l) => l.includes("▸") && l.includes("add a new column"))).toBe(true);
    });
  }

  it("PgDn pages the body: the top says what is above, the end is reachable, and it is clamped", () => {
    const w = failed();
    const first = frame(w, 64, 19);
    expect(first.page).toBeGreaterThan(0);
    const last = frame(w, 64, 19, 10_000);
    expect(last.scroll).toBeLessThan(10_000);
    expect(last.lines.some((l) => /… \d+ lines? above \(PgUp\)/.test(l))).toBe(true);
    expect(last.lines.some((l) => l.includes("tail line 20"))).toBe(true);
    expect(last.lines.some((l) => l.includes("(PgDn)"))).toBe(false);
    expect(last.lines.length).toBeLessThanOrEqual(19);
  });

  it("a tall popup shows everything with no cut line", () => {
    const w = failed();
    const f = frame(w, 120, 60);
    expect(f.page).toBe(0);
    expect(f.lines.some((l) => l.includes("tail line 20"))).toBe(true);
    expect(f.lines.some((l) => l.includes("(PgDn)"))).toBe(false);
  });
});
