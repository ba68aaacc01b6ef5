// Several keys can arrive in one read (a script, fast typing, a paste): each must be handled.
import { describe, expect, it } from "vitest";
import { splitKeys } from "../../src/ui/term.js";

describe("splitKeys", () => {
  it("splits a digit followed by an arrow into two keys", () => {
    expect(splitKeys("1\x1b[B")).toEqual(["1", "down"]);
  });
  it("names arrows in both CSI and SS3 form, and Enter, Esc, Space", () => {
    expect(splitKeys("\x1b[A\x1bOB\r \x1b")).toEqual(["up", "down", "enter", "space", "esc"]);
  });
  it("keeps unknown sequences whole and multi-byte characters intact", () => {
    expect(splitKeys("\x1b[1;5Cé😀")).toEqual(["\x1b[1;5C", "é", "😀"]);
  });
  it("a paste becomes one key per character", () => {
    expect(splitKeys("ab\ncd")).toEqual(["a", "b", "enter", "c", "d"]);
  });
});
