// compareNatural replaces localeCompare(…, {numeric: true}) in the inbox ranking; it must order
// docket's labels and refs the same way.
import { describe, expect, it } from "vitest";
import { compareNatural } from "../../src/core/natural.js";

const keys: string[] = [];
for (const n of [1, 2, 3, 9, 10, 11, 20, 99, 100, 101, 1000]) {
  keys.push(`w${n}`, `b${n}`);
  for (const t of ["c", "e", "f", "a", "q", "s", "n", "t"])
    for (const i of [1, 2, 10, 12]) keys.push(`w${n}.${t}${i}`, `b${n}.${t}${i}`);
}
keys.push(
  "2025-03-01T12:00:00.000Z",
  "2025-03-01T12:00:09.000Z",
  "2025-03-01T12:00:10.000Z",
  "2025-12-01T00:00:00.000Z",
);

describe("compareNatural", () => {
  it("orders labels and refs like localeCompare with numeric collation", () => {
    const icu = [...keys].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    expect([...keys].reverse().sort(compareNatural)).toEqual(icu);
  });
  it("puts w2 before w10 and a label before its refs", () => {
    expect(compareNatural("w2", "w10")).toBeLessThan(0);
    expect(compareNatural("w3", "w3.e1")).toBeLessThan(0);
    expect(compareNatural("w3.c2", "w3.c10")).toBeLessThan(0);
    expect(compareNatural("w3.e1", "w3.e1")).toBe(0);
    expect(compareNatural("w10", "w9")).toBeGreaterThan(0);
  });
});
