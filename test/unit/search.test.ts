import { describe, expect, it } from "vitest";
import { queryWords, searchDocs, type SearchDoc } from "../../src/core/search.js";

const doc = (
  ref: string,
  title: string,
  text: string,
  type = "answer",
  at = "2025-01-01T00:00:00.000Z",
): SearchDoc => ({ ref, source: ref.split(".")[0]!, type, title, text, at });

describe("search ranking", () => {
  it("ranks an exact phrase above all-words above partial matches", () => {
    const docs = [
      doc("w1.a1", "final answer", "the cache was stale in one place"), // all words, not adjacent
      doc("w2.a1", "final answer", "a stale cache entry broke login"), // exact phrase
      doc("w3.a1", "final answer", "the cache is fine"), // one word
      doc("w4.a1", "final answer", "nothing relevant"),
    ];
    const hits = searchDocs(docs, "stale cache");
    expect(hits.map((h) => [h.doc.ref, h.match])).toEqual([
      ["w2.a1", "phrase"],
      ["w1.a1", "all"],
      ["w3.a1", "partial"],
    ]);
  });

  it("keeps the phrase tier first across 200 workers' evidence even when partial matches hit titles", () => {
    const docs: SearchDoc[] = [];
    for (let i = 1; i <= 200; i++) {
      docs.push(doc(`w${i}.c1`, `npm test ${i}`, "42 passing", "command"));
      docs.push(doc(`w${i}.a1`, `token refresh ${i}`, `refresh of the token cache ${i}`, "summary"));
    }
    docs.push(doc("w137.e1", "Command failed", "TypeError: token refresh race in auth.ts", "error"));
    const hits = searchDocs(docs, "token refresh race");
    expect(hits[0]!.doc.ref).toBe("w137.e1");
    expect(hits[0]!.match).toBe("phrase");
    expect(hits.slice(1).every((h) => h.match !== "phrase")).toBe(true);
    expect(hits.length).toBe(201);
  });

  it("is case- and whitespace-insensitive and gives a snippet around the match", () => {
    const hits = searchDocs(
      [doc("b2.c1", "x", "Some   long preamble text here before the Stale\nCache line and after")],
      "stale cache",
    );
    expect(hits[0]!.match).toBe("phrase");
    expect(hits[0]!.snippet).toMatch(/Stale Cache/);
  });

  it("returns nothing for an empty query and splits words on punctuation", () => {
    expect(searchDocs([doc("w1.a1", "a", "b")], "   ")).toEqual([]);
    expect(queryWords("auth.ts: getUser()")).toEqual(["auth", "ts", "getuser"]);
  });
});
