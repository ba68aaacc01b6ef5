// No import runs back up the layering that docs/architecture.md states (its "Layers" line is read
// here, so the doc and the check cannot drift apart). src/main.ts, the entry, sits above them all.
import { readdirSync, readFileSync } from "node:fs";
import { join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/sandbox.js";

const SRC = join(ROOT, "src");

function layers(): string[] {
  const doc = readFileSync(join(ROOT, "docs", "architecture.md"), "utf8");
  const line = doc.split("\n").find((l) => l.startsWith("Layers, bottom to top:"));
  if (!line) throw new Error('docs/architecture.md has no "Layers, bottom to top:" line');
  return [...line.matchAll(/`([a-z]+)`/g)].map((m) => m[1]!);
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Every relative import (static, dynamic, type-only, re-export) as [importing folder, imported folder]. */
function edges(file: string, text: string): { from: string; to: string; spec: string }[] {
  const from = relative(SRC, file).split("/")[0]!;
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)"(\.{1,2}\/[^"]+)"/gm)].map((m) => {
    const target = relative(SRC, normalize(join(file, "..", m[1]!)));
    return { from, to: target.includes("/") ? target.split("/")[0]! : "(entry)", spec: m[1]! };
  });
}

function violations(order: string[], all: { file: string; text: string }[]): string[] {
  const rank = new Map(order.map((d, i) => [d, i]));
  const out: string[] = [];
  for (const { file, text } of all) {
    for (const e of edges(file, text)) {
      const a = rank.get(e.from);
      const b = e.to === "(entry)" ? Infinity : rank.get(e.to);
      if (a !== undefined && b !== undefined && b > a)
        out.push(`${relative(ROOT, file)} imports ${e.spec} (${e.to} is above ${e.from})`);
    }
  }
  return out;
}

describe("import layering", () => {
  const order = layers();
  const all = files(SRC).map((file) => ({ file, text: readFileSync(file, "utf8") }));

  it("names every folder of src/ once", () => {
    const dirs = readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect([...order].sort()).toEqual([...dirs].sort());
  });

  it("has no import from a higher layer", () => {
    expect(all.flatMap((f) => edges(f.file, f.text)).length).toBeGreaterThan(300); // the parser sees the imports
    expect(violations(order, all)).toEqual([]);
  });

  it("would catch one (static, dynamic or type-only)", () => {
    const file = join(SRC, "store", "x.ts");
    const text =
      'import { a } from "../ui/a.js";\nconst b = await import("../cli/b.js");\nimport type { C } from "../workers/c.js";\nimport { d } from "../core/d.js";\n';
    expect(violations(order, [{ file, text }])).toHaveLength(3);
  });
});
