// Time tokens: a view rendered once with tokens in place of ages is shown later with the ages of that
// moment (src/core/ages.ts: formatAge, withTimeTokens, fillTimes).
import { describe, expect, it } from "vitest";
import { fillTimes, formatAge, plainAge, withTimeTokens } from "../../src/core/ages.js";

describe("time tokens", () => {
  it("fillTimes turns a token into the age of now, padded as rendered", () => {
    const token = withTimeTokens(() => formatAge(65_000, 4));
    // A token, not an age: nothing a person would read.
    expect(token).not.toBe("  1m");
    expect(token).toContain("\x1d");
    expect(fillTimes(token, 0)).toBe("  1m");
    expect(fillTimes(token, 60_000)).toBe("  2m");
    expect(fillTimes(`[${token}]`, 3 * 3_600_000)).toBe("[  3h]");
  });

  it("fills every token of a text and keeps the text around them", () => {
    const text = withTimeTokens(
      () => `w1 ${formatAge(5_000, 4)}  task · silent ${formatAge(6 * 60_000)} · waiting ${formatAge(31 * 60_000)}`,
    );
    expect(fillTimes(text, 0)).toBe("w1   5s  task · silent 6m · waiting 31m");
    expect(fillTimes(text, 60_000)).toBe("w1   1m  task · silent 7m · waiting 32m");
  });

  it("a negative elapsed time never makes an age younger than rendered", () => {
    const token = withTimeTokens(() => formatAge(120_000, 0));
    expect(fillTimes(token, -60_000)).toBe("2m");
  });

  it("leaves a stray mark in someone's text as is", () => {
    for (const s of ["a \x1d b", "\x1d", "x\x1dabc:1\x1d y", "\x1d:4\x1d", "\x1d12:x\x1d", "plain text"])
      expect(fillTimes(s, 60_000)).toBe(s);
  });

  it("still fills the real tokens after a stray mark", () => {
    const token = withTimeTokens(() => formatAge(300_000));
    expect(fillTimes("a \x1d b " + token, 0)).toBe("a \x1d b 5m");
    expect(fillTimes("split on \x1d (GS) bytes  silent " + token + " · " + token, 60_000)).toBe(
      "split on \x1d (GS) bytes  silent 6m · 6m",
    );
  });

  it("outside withTimeTokens, formatAge is the plain age", () => {
    expect(formatAge(65_000, 4)).toBe("  1m");
    expect(formatAge(65_000)).toBe(plainAge(65_000));
    expect(formatAge(65_000)).not.toContain("\x1d");
    expect(plainAge(59_999)).toBe("59s");
    expect(plainAge(47 * 3_600_000)).toBe("47h");
    expect(plainAge(49 * 3_600_000)).toBe("2d");
  });

  it("withTimeTokens returns the render's value and resets the mode after it", () => {
    expect(withTimeTokens(() => 42)).toBe(42);
    expect(formatAge(1_000)).toBe("1s");
  });

  it("withTimeTokens resets the mode even when the render throws", () => {
    expect(() =>
      withTimeTokens(() => {
        expect(formatAge(1_000)).toContain("\x1d");
        throw new Error("render failed");
      }),
    ).toThrow("render failed");
    expect(formatAge(1_000)).toBe("1s");
  });
});
