// `docket search` over 200 workers' evidence on disk (plus a bundle): the one exact phrase outranks
// hundreds of partial matches; `docket answers` lists and filters final answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { makeSandbox, type Sandbox } from "../helpers/sandbox.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";
import { writeNewStatus } from "../../src/store/workers.js";
import { workerPaths } from "../../src/store/layout.js";

let sb: Sandbox;
const PHRASE = "race in the token refresher";

beforeAll(() => {
  sb = makeSandbox();
  // Recent timestamps: older ready workers would be pruned by the search command itself.
  const now = new Date().toISOString();
  for (let i = 1; i <= 200; i++) {
    const w = fixtureStatus(i, {
      state: "ready",
      createdAt: now,
      updatedAt: now,
      result: {
        outcome: "findings",
        summary: `worker ${i}: the token refresher looks fine`,
        evidence: [],
        recommended: [],
        at: now,
      },
    });
    writeNewStatus(sb.home, w);
    const items = [
      {
        id: "c1",
        type: "command",
        at: "2025-01-01T00:00:00.000Z",
        title: `npm test (run ${i})`,
        text: "42 passing",
        exitCode: 0,
      },
      {
        id: "a1",
        type: "answer",
        at: `2025-01-01T00:${String(i % 60).padStart(2, "0")}:00.000Z`,
        title: "answer",
        text:
          i === 173
            ? `Found it: a ${PHRASE} drops the new token.`
            : `There is a race in one place; the token refresher retries (${i}).`,
      },
    ];
    writeFileSync(workerPaths(sb.home, w.id).artifacts, JSON.stringify({ items }));
  }
});
afterAll(async () => {
  await sb?.cleanup();
});

describe("docket search at 200 workers", () => {
  it("ranks the exact phrase first and partial matches below it", async () => {
    const r = await sb.docket(["search", "--json", "--limit", "500", PHRASE]);
    expect(r.exitCode).toBe(0);
    const { hits } = JSON.parse(r.stdout) as { hits: Array<{ ref: string; match: string }> };
    expect(hits[0]).toMatchObject({ ref: "w173.a1", match: "phrase" });
    expect(hits.filter((h) => h.match === "phrase")).toHaveLength(1);
    // Every other worker's answer has all the words (not as a phrase); summaries share only some.
    expect(hits.filter((h) => h.match === "all")).toHaveLength(199);
    const firstPartial = hits.findIndex((h) => h.match === "partial");
    expect(firstPartial).toBeGreaterThan(199);
    expect(hits.slice(firstPartial).every((h) => h.match === "partial")).toBe(true);
  });

  it("answers lists summaries and answers, filtered by a query", async () => {
    const r = await sb.docket(["answers", "--json", "--limit", "1000", PHRASE]);
    expect(r.exitCode).toBe(0);
    const { answers } = JSON.parse(r.stdout) as { answers: Array<{ ref: string; type: string }> };
    expect(answers[0]!.ref).toBe("w173.a1");
    expect(new Set(answers.map((a) => a.type))).toEqual(new Set(["answer", "summary"]));
  });
});
