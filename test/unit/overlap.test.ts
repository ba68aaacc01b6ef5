import { describe, expect, it } from "vitest";
import { findOverlaps, normalizeTouchedPath, overlapMarkers, touchedPaths } from "../../src/core/overlap.js";
import type { Artifact } from "../../src/core/schema.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

const edit = (id: string, path: string): Artifact => ({
  id,
  type: "edit",
  at: "2025-01-01T00:00:00.000Z",
  title: `edit ${path}`,
  text: "",
  path,
});
const changeSet = (...paths: string[]) => ({
  baseline: "abc",
  patch: "changeset.patch",
  frozenAt: "2025-01-01T00:00:00.000Z",
  files: paths.map((path) => ({ path, added: 1, removed: 0 })),
});

describe("overlap radar", () => {
  it("marks both workers when their change sets share a path", () => {
    const m = overlapMarkers([
      { label: "w1", paths: ["src/auth.ts", "README.md"] },
      { label: "w2", paths: ["src/auth.ts"] },
      { label: "w3", paths: ["src/other.ts"] },
    ]);
    expect(m.get("w1")).toEqual(["overlap w2: src/auth.ts"]);
    expect(m.get("w2")).toEqual(["overlap w1: src/auth.ts"]);
    expect(m.get("w3")).toEqual([]);
  });

  it("lists every partner for a path touched by three workers, ordered by label number", () => {
    const hits = findOverlaps([
      { label: "w10", paths: ["a.ts"] },
      { label: "w2", paths: ["a.ts"] },
      { label: "w9", paths: ["a.ts", "a.ts"] },
    ]);
    expect(hits.get("w10")!.map((h) => h.text)).toEqual(["overlap w2: a.ts", "overlap w9: a.ts"]);
    expect(hits.get("w2")!.map((h) => h.other)).toEqual(["w9", "w10"]);
  });

  it("compares paths relative to each worker's own workspace", () => {
    const a = fixtureStatus(1, { state: "active" });
    const b = fixtureStatus(2, { state: "active" });
    const pa = touchedPaths(a, [edit("f1", `${a.workspace.path}/src/x.ts`)]);
    const pb = touchedPaths(b, [edit("f1", "./src/x.ts"), edit("f2", "/etc/passwd")]);
    expect(pa).toEqual(["src/x.ts"]);
    expect(pb).toEqual(["src/x.ts"]);
    expect(
      overlapMarkers([
        { label: a.label, paths: pa },
        { label: b.label, paths: pb },
      ]).get("w1"),
    ).toEqual(["overlap w2: src/x.ts"]);
  });

  it("uses the frozen change set of a finished worker and ignores reviewed ones", () => {
    const done = fixtureStatus(1, { state: "ready", changeSet: changeSet("lib/a.ts") });
    expect(touchedPaths(done, [edit("f1", "lib/edited-then-reverted.ts")])).toEqual(["lib/a.ts"]);
    const reviewed = fixtureStatus(2, {
      state: "ready",
      reviewedAt: "2025-01-01T01:00:00.000Z",
      changeSet: changeSet("lib/a.ts"),
    });
    expect(touchedPaths(reviewed)).toEqual([]);
  });

  it("refuses paths that escape the workspace", () => {
    expect(normalizeTouchedPath("../outside.ts", "/ws")).toBeUndefined();
    expect(normalizeTouchedPath("/ws/../etc/x", "/ws")).toBeUndefined();
    expect(normalizeTouchedPath("a/./b/../c.ts", "/ws")).toBe("a/c.ts");
  });

  it("with a limit, gives each worker exactly the first markers of the full list", () => {
    // A small deterministic generator: labels out of order (w10 before w9), shared hot paths, duplicates.
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n;
    };
    for (let round = 0; round < 40; round++) {
      const inputs = Array.from({ length: 2 + rnd(30) }, (_, i) => ({
        label: `w${[3, 10, 9, 1, 22, 2][i % 6]! + i * 7}`,
        paths: Array.from({ length: rnd(4) }, () => `src/${"abcde"[rnd(5)]}.ts`),
      }));
      const full = overlapMarkers(inputs);
      for (const limit of [1, 2, 3]) {
        const cut = overlapMarkers(inputs, limit);
        for (const w of inputs) expect(cut.get(w.label)).toEqual((full.get(w.label) ?? []).slice(0, limit));
      }
    }
  });
});
