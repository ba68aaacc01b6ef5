// `Recommended:` blocks in done summaries, and the bash fallback parser.
import { describe, expect, it } from "vitest";
import { mergeRecommended, splitRecommended } from "../../src/pi/recommended.js";
import { parseFallback } from "../../src/pi/fallback.js";

describe("splitRecommended", () => {
  it("takes the bullets out of the summary", () => {
    const s =
      "Reviewed README for command accuracy.\nRecommended:\n- Sync README commands\n- Add a quickstart\n* Add a table of contents";
    expect(splitRecommended(s)).toEqual({
      summary: "Reviewed README for command accuracy.",
      recommended: ["Sync README commands", "Add a quickstart", "Add a table of contents"],
    });
  });

  it("handles markdown headings, numbered lists, wrapped bullets and text after the block", () => {
    const s =
      "Found two leaks.\n\n**Recommended:**\n1. Close the pool\n   in shutdown()\n2) Add a test\n\nMore prose after.";
    expect(splitRecommended(s)).toEqual({
      summary: "Found two leaks.\n\nMore prose after.",
      recommended: ["Close the pool in shutdown()", "Add a test"],
    });
    expect(splitRecommended("Done.\n## Recommended\n- one").recommended).toEqual(["one"]);
    expect(splitRecommended("Done.\nRecommended actions: bump the version").recommended).toEqual(["bump the version"]);
  });

  it("leaves summaries without a block alone", () => {
    expect(splitRecommended("Recommended reading is the RFC.\n- not a list")).toEqual({
      summary: "Recommended reading is the RFC.\n- not a list",
      recommended: [],
    });
    expect(splitRecommended("  plain  ")).toEqual({ summary: "plain", recommended: [] });
  });

  it("keeps the summary when it is only a block", () => {
    expect(splitRecommended("Recommended:\n- a")).toEqual({ summary: "Recommended:\n- a", recommended: ["a"] });
  });

  it("merges explicit and parsed items without duplicates", () => {
    expect(mergeRecommended(["Ship it", " "], ["ship it", "Tell the team"])).toEqual(["Ship it", "Tell the team"]);
  });
});

describe("parseFallback", () => {
  it("finds /docket wait|done|fail lines", () => {
    expect(parseFallback("/docket done 'All good'")).toEqual({ verb: "done", text: "All good" });
    expect(parseFallback('cd src\n  /docket wait "Which file?"')).toEqual({ verb: "wait", text: "Which file?" });
    expect(parseFallback("/docket fail")).toEqual({ verb: "fail", text: "" });
    expect(parseFallback("/docket done line one\nline two")).toEqual({ verb: "done", text: "line one\nline two" });
  });

  it("ignores everything else", () => {
    expect(parseFallback("echo /docket done")).toBeUndefined();
    expect(parseFallback("/docket spawn x")).toBeUndefined();
    expect(parseFallback("/docketdone x")).toBeUndefined();
    expect(parseFallback("ls -la")).toBeUndefined();
  });
});
