import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nextItemId, parseArtifactRef, readArtifactsFile, workerEvidence } from "../../src/store/artifacts.js";
import { bundleFiles, createBundle, deleteBundle, resolveBundleId } from "../../src/store/bundles.js";
import { resolveArtifact } from "../../src/evidence/resolve.js";
import { compactRef, fullText } from "../../src/evidence/render.js";
import { writeNewStatus } from "../../src/store/workers.js";
import { workerPaths } from "../../src/store/layout.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

describe("artifact refs", () => {
  it("parses worker and bundle refs", () => {
    expect(parseArtifactRef("w3.e1")).toEqual({ source: { kind: "worker", ref: "w3" }, item: "e1" });
    expect(parseArtifactRef("b2.c4")).toEqual({ source: { kind: "bundle", id: "b2" }, item: "c4" });
    expect(parseArtifactRef("fix-auth-a3b1.f2")).toEqual({
      source: { kind: "worker", ref: "fix-auth-a3b1" },
      item: "f2",
    });
  });

  it("refuses traversal, odd characters and unknown prefixes", () => {
    for (const bad of [
      "../w3.e1",
      "w3/../../x.e1",
      "w3.e1/..",
      "b2.x1",
      "w3.e0",
      "w3.",
      ".e1",
      "w3.e1 ; rm",
      "b0.c1",
      "w3..e1",
      "/etc/passwd.e1",
      "w3.E1",
      "w 3.e1",
    ]) {
      expect(() => parseArtifactRef(bad), bad).toThrow(/invalid artifact ref/);
    }
    expect(() => bundleFiles("/h", "../b1")).toThrow(/invalid bundle id/);
    expect(() => resolveBundleId("/nonexistent", "b1/../../x")).toThrow(/invalid bundle ref/);
  });

  it("numbers items per type prefix", () => {
    expect(nextItemId([{ id: "c1" }, { id: "c7" }, { id: "e2" }], "command")).toBe("c8");
    expect(nextItemId([], "terminal")).toBe("t1");
  });
});

describe("evidence on disk", () => {
  function world() {
    const home = mkdtempSync(join(tmpdir(), "docket-refs-"));
    const w = fixtureStatus(3, {
      state: "failed",
      failure: { reason: "npm test kept failing", at: "2025-01-01T00:05:00.000Z" },
      question: {
        text: "Keep the old API?",
        options: ["Keep", "Drop"],
        recommend: "Keep",
        askedAt: "2025-01-01T00:01:00.000Z",
        answeredAt: "2025-01-01T00:02:00.000Z",
        answer: "Keep",
      },
    });
    writeNewStatus(home, w);
    const p = workerPaths(home, w.id);
    writeFileSync(
      p.artifacts,
      JSON.stringify({
        items: [
          {
            id: "c1",
            type: "command",
            at: "2025-01-01T00:03:00.000Z",
            title: "Command failed: npm test",
            text: "npm test\n1 failing",
            exitCode: 1,
          },
          { id: "../x", type: "note", at: "x", title: "bad id", text: "" },
          { id: "c2", type: "nonsense", at: "x", title: "bad type", text: "" },
        ],
      }),
    );
    writeFileSync(p.paneTail, "line 1\nError: exit 1\n");
    return { home, w, p };
  }

  it("reads artifacts.json strictly and adds question, answer, failure and terminal tail from status", () => {
    const { home, w, p } = world();
    expect(readArtifactsFile(p.artifacts)).toMatchObject({ bad: 2 });
    const items = workerEvidence(home, w);
    expect(items.map((a) => `${a.id}:${a.type}`)).toEqual([
      "c1:command",
      "q1:question",
      "a1:answer",
      "e1:error",
      "t1:terminal",
    ]);
    expect(items.find((a) => a.id === "t1")!.text).toContain("Error: exit 1");
  });

  it("resolves refs to a compact reference and full text naming the file", () => {
    const { home, w } = world();
    const r = resolveArtifact(home, "w3.c1");
    expect(compactRef(r)).toBe(
      `[docket w3.c1] Command failed: npm test (exit 1) — see ${workerPaths(home, w.id).artifacts}#c1`,
    );
    expect(fullText(r)).toBe("[docket w3.c1] Command failed: npm test (command · exit 1)\nnpm test\n1 failing");
    expect(resolveArtifact(home, "w3.t1").location).toBe(`${workerPaths(home, w.id).paneTail}#t1`);
    expect(() => resolveArtifact(home, "w3.c9")).toThrow(/unknown artifact: w3.c9/);
  });

  it("bundles renumber items, keep their origin, and delete removes both files", () => {
    const { home } = world();
    const a = resolveArtifact(home, "w3.c1").artifact;
    const b = createBundle(home, {
      title: "auth findings",
      sources: ["w3", "w3"],
      items: [
        { ...a, origin: "w3.c1" },
        { ...a, id: "c5", origin: "w9.c5" },
      ],
    });
    expect(b.id).toBe("b1");
    expect(b.items.map((i) => [i.id, i.origin])).toEqual([
      ["c1", "w3.c1"],
      ["c2", "w9.c5"],
    ]);
    expect(b.sources).toEqual(["w3"]);
    expect(resolveArtifact(home, "b1.c2").artifact.origin).toBe("w9.c5");
    expect(resolveBundleId(home, "last")).toBe("b1");
    const del = deleteBundle(home, "last");
    expect(del.removed.sort()).toEqual([bundleFiles(home, "b1").json, bundleFiles(home, "b1").md].sort());
    expect(() => resolveBundleId(home, "b1")).toThrow(/unknown bundle/);
  });
});
