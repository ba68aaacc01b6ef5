import { describe, expect, it } from "vitest";
import { piErrorLine } from "../../src/core/pi-error.js";

describe("piErrorLine", () => {
  it("finds the last error line, also inside pi's boxed frame", () => {
    const pane = ["pi 0.73", "│ Error: No API key found for anthropic │", "> "].join("\n");
    expect(piErrorLine(pane)).toBe("Error: No API key found for anthropic");
    expect(piErrorLine("starting\nNo model selected. Use /model\n")).toBe("No model selected. Use /model");
  });

  it("is undefined for a pane with no error", () => {
    expect(piErrorLine("pi 0.73\n│ thinking │\n> ")).toBeUndefined();
  });
});
