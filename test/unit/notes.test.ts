// docket_note, the pure parts: the tool's argument check, quiet inbox items, the card's Notes section,
// the status line's heads-up warning (until reviewed) and the `docket log` lines.
import { describe, expect, it } from "vitest";
import { ask } from "../../src/core/lifecycle.js";
import { pendingCount, rankItems } from "../../src/core/ranking.js";
import type { Artifact } from "../../src/core/schema.js";
import { headsUpOpen, summarize } from "../../src/core/summary.js";
import { buildEpisodes } from "../../src/core/timeline.js";
import { checkNote } from "../../src/pi/validate.js";
import { renderCard } from "../../src/ui/card.js";
import { fixtureWorker } from "../helpers/popup-fixtures.js";

const t = (m: number) => `2026-01-01T00:${String(m).padStart(2, "0")}:00.000Z`;
const TH = { silentMinutes: 500, waitingMinutes: 500, dockIdleHideMinutes: 30 };
const notes: Artifact[] = [
  { id: "n1", type: "note", at: t(1), title: "assumed UTC everywhere", text: "assumed UTC everywhere" },
  {
    id: "n2",
    type: "note",
    at: t(2),
    title: "heads-up: the migration drops a column",
    text: "the migration drops a column",
  },
];

describe("docket_note", () => {
  it("checks its arguments: text required, level info by default, heads-up allowed, anything else refused", () => {
    expect(checkNote({ text: " hi " })).toEqual({ ok: true, value: { text: "hi", level: "info" } });
    expect(checkNote({ text: "x", level: "heads-up" })).toEqual({ ok: true, value: { text: "x", level: "heads-up" } });
    expect(checkNote({ text: "x", level: "urgent" }).ok).toBe(false);
    expect(checkNote({}).ok).toBe(false);
    expect(checkNote({ text: "y".repeat(1001) }).ok).toBe(false);
  });

  it("notes are quiet inbox items: ranked after evidence, oldest first like evidence, never counted as needing you", () => {
    const w = fixtureWorker({ index: 3, state: "active" });
    const items = rankItems({ workers: [w], artifacts: new Map([[w.id, notes]]) });
    expect(items.map((i) => [i.key, i.group])).toEqual([
      ["w3.n1", "note"],
      ["w3.n2", "note"],
      ["w3", "running"],
    ]);
    expect(items[1]).toMatchObject({ kind: "note", markers: ["heads-up"], dim: false });
    expect(items[0]).toMatchObject({ markers: ["note"], dim: true });
    expect(pendingCount(items)).toBe(0);
    // A failure still counts; the notes beside it do not.
    const failed = fixtureWorker({ index: 4, state: "failed", failure: { reason: "boom", at: t(3) } });
    expect(pendingCount(rankItems({ workers: [w, failed], artifacts: new Map([[w.id, notes]]) }))).toBe(1);
    // Reviewed: the notes sink with the worker.
    const seen = fixtureWorker({
      index: 3,
      state: "ready",
      reviewedAt: t(9),
      result: { outcome: "completed", summary: "ok", evidence: [], recommended: [], at: t(8) },
    });
    expect(
      rankItems({ workers: [seen], artifacts: new Map([[seen.id, notes]]) })
        .filter((i) => i.artifactId)
        .map((i) => i.group),
    ).toEqual(["reviewed", "reviewed"]);
  });

  it("the card shows a Notes section, newest last, sanitised", () => {
    const w = fixtureWorker({ index: 3, state: "active" });
    const evil: Artifact = { id: "n3", type: "note", at: t(3), title: "bad \x1b]0;owned\x07 title", text: "" };
    const card = renderCard({ worker: w, artifacts: [...notes, evil], now: Date.parse(t(10)) });
    const plain = card.replace(/\x1b\[[0-9;]*m/g, "");
    expect(plain).toContain("Notes");
    const at = (s: string) => plain.indexOf(s);
    expect(at("w3.n1")).toBeGreaterThan(at("Notes"));
    expect(at("w3.n2")).toBeGreaterThan(at("w3.n1"));
    expect(at("w3.n3")).toBeGreaterThan(at("w3.n2"));
    expect(card).not.toContain("\x1b]0;");
    expect(card).not.toContain("\x07");
  });

  it("a heads-up is in the status line's warning until the worker is reviewed after it", () => {
    const now = Date.parse(t(10));
    const up = fixtureWorker({
      index: 2,
      state: "active",
      startedAt: t(0),
      lastActivityAt: t(9),
      headsUp: { text: "drops a column", at: t(5) },
    });
    expect(summarize([up], now, TH).warning).toBe("w2 heads-up");
    const two = fixtureWorker({
      index: 5,
      state: "active",
      startedAt: t(0),
      lastActivityAt: t(9),
      headsUp: { text: "x", at: t(7) },
    });
    expect(summarize([up, two], now, TH).warning).toBe("w5 heads-up +1");
    const reviewed = { ...up, reviewedAt: t(6) };
    expect(headsUpOpen(reviewed)).toBe(false);
    expect(summarize([reviewed], now, TH).warning).toBe("");
    // A heads-up raised after the review stands again.
    expect(headsUpOpen({ ...reviewed, headsUp: { at: t(8) } })).toBe(true);
  });

  it("a reviewed heads-up stays seen when a later protocol call clears the review", () => {
    const seen = fixtureWorker({ index: 2, state: "active", reviewedAt: t(6), headsUp: { text: "x", at: t(5) } });
    expect(ask(seen, { text: "q?", askedAt: t(7) })!.headsUp).toBeUndefined();
    const unseen = fixtureWorker({ index: 2, state: "active", reviewedAt: t(4), headsUp: { text: "x", at: t(5) } });
    expect(ask(unseen, { text: "q?", askedAt: t(7) })!.headsUp).toMatchObject({ text: "x" });
  });

  it("`docket log` lists notes and heads-ups", () => {
    const w = fixtureWorker({ index: 1, state: "active" });
    const events = [
      { ts: t(1), kind: "note", payload: { text: "assumed UTC", level: "info", id: "n1" } },
      { ts: t(2), kind: "note", payload: { text: "drops a column", level: "heads-up", id: "n2" } },
    ];
    const [ep] = buildEpisodes([w], new Map([[w.id, events]]), []);
    expect(ep!.entries.map((e) => e.what)).toEqual(
      expect.arrayContaining(["note: assumed UTC", "heads-up: drops a column"]),
    );
  });
});
