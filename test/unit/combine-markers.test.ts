// Pure parts of combine: where conflict regions are, the first marker left after an edit, and the
// parent's side of each region (in the parent's own line numbers) that a send-back quotes.
import { describe, expect, it } from "vitest";
import { conflictRegions, leftoverMarker } from "../../src/git/combine.js";
import { parentRegions } from "../../src/workers/combine.js";

const MARKED = [
  "a",
  "<<<<<<< parent",
  "mine 1",
  "mine 2",
  "||||||| base",
  "old",
  "=======",
  "theirs",
  ">>>>>>> w2 (fix login)",
  "b",
  "<<<<<<< parent",
  "x",
  "=======",
  "y",
  ">>>>>>> w2 (fix login)",
  "",
].join("\n");

describe("combine markers", () => {
  it("finds each region, 1-based", () => {
    expect(conflictRegions(MARKED)).toEqual([
      [2, 9],
      [11, 15],
    ]);
  });

  it("names the first marker line left; a resolved file has none; look-alikes inside a line do not count", () => {
    expect(leftoverMarker(MARKED)).toBe(2);
    expect(leftoverMarker("a\nmine\n>>>>>>> w2\n")).toBe(3);
    expect(leftoverMarker("a\n||||||| base\n")).toBe(2);
    expect(leftoverMarker("a\nx <<<<<<< y\n========\nb\n")).toBeUndefined();
  });

  it("quotes the parent's side with the parent's line numbers", () => {
    expect(parentRegions(MARKED)).toEqual([
      { start: 2, end: 3, text: "mine 1\nmine 2" },
      { start: 5, end: 5, text: "x" },
    ]);
  });
});
