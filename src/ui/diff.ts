// Colour a unified diff the way an editor diff reads: added green, removed red, @@ accented,
// metadata (diff --git, index, ---, +++) muted, context dim.
import { c } from "./ansi.js";

const META_LINE = new RegExp(
  String.raw`^(diff --git|index |--- |\+\+\+ |new file mode|deleted file mode|similarity index|rename (from|to)|` +
    "old mode|new mode|Binary files)",
);

export function colorDiffLine(line: string): string {
  if (META_LINE.test(line)) return c.gray(line);
  if (line.startsWith("@@")) return c.accent(line);
  if (line.startsWith("+")) return c.green(line);
  if (line.startsWith("-")) return c.red(line);
  if (line.startsWith("\\")) return c.gray(line);
  return c.dim(line);
}

export function colorDiff(patch: string): string {
  return patch.split("\n").map(colorDiffLine).join("\n");
}
