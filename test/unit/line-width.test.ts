// No line in src/**/*.ts is over 120 columns (biome's lineWidth; the formatter cannot break long
// string literals, template strings or comments, so this check catches them).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/sandbox.js";

const MAX = 120;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("line width", () => {
  it(`keeps every line in src at most ${MAX} columns`, () => {
    const long: string[] = [];
    for (const file of files(join(ROOT, "src"))) {
      const path = relative(ROOT, file);
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          // Columns are characters (code points), as the formatter counts them, not UTF-16 units or bytes.
          const columns = [...line].length;
          if (columns > MAX) long.push(`${path}:${i + 1} (${columns} columns)`);
        });
    }
    expect(long).toEqual([]);
  });
});
