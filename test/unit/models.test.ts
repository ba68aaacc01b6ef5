// What pi can run: --list-models rows, model names matched against them, --thinking levels.
import { describe, expect, it } from "vitest";
import { isThinkingLevel, modelIn, parseModelList } from "../../src/core/models.js";

describe("models and thinking", () => {
  it("parses pi --list-models and matches provider/model, bare model and a :thinking suffix", () => {
    const models = parseModelList(
      "provider  model       context\nfake      fake-model  128K\nanthropic claude-x 200K\n",
    );
    expect(models).toEqual(["fake/fake-model", "anthropic/claude-x"]);
    expect(modelIn(models, "fake/fake-model")).toBe(true);
    expect(modelIn(models, "claude-x")).toBe(true);
    expect(modelIn(models, "fake/fake-model:high")).toBe(true);
    expect(modelIn(models, "fake/nope")).toBe(false);
  });
  it("thinking levels are pi's", () => {
    expect(["off", "minimal", "low", "medium", "high", "xhigh"].every(isThinkingLevel)).toBe(true);
    expect(isThinkingLevel("max")).toBe(false);
    expect(isThinkingLevel("HIGH")).toBe(false);
  });
});
