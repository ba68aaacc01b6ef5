// What a worker costs, the pure parts: pi's usage read and summed, money formatted, the budget rules,
// the fleet total the status line publishes, and the placeholder the plugin rewrites.
import { describe, expect, it } from "vitest";
import { fleetCostText, formatUsd } from "../../src/core/cost.js";
import { addUsage, budgetFromReply, budgetQuestion, overBudget, usageOf } from "../../src/pi/usage.js";
import { publishCommands } from "../../src/tmux/publish.js";
import { OPTION_DEFAULTS, rewritePlaceholders } from "../../src/tmux/options.js";
import { costCell, usageText } from "../../src/workers/render.js";
import { fixtureWorker } from "../helpers/popup-fixtures.js";

const piUsage = (input: number, output: number, total: number) => ({
  role: "assistant",
  provider: "fake",
  model: "fake-model",
  usage: {
    input,
    output,
    cacheRead: 5,
    cacheWrite: 0,
    totalTokens: input + output,
    cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total },
  },
});

describe("usage", () => {
  it("reads pi's assistant usage and sums it", () => {
    expect(usageOf({ role: "user", usage: {} })).toBeUndefined();
    const a = usageOf(piUsage(100, 20, 0.0006))!;
    expect(a).toEqual({ input: 100, output: 20, cacheRead: 5, cacheWrite: 0, cost: 0.0006, model: "fake/fake-model" });
    const turn = addUsage(a, usageOf(piUsage(200, 10, 0.0009))!);
    expect(turn).toMatchObject({ input: 300, output: 30, cacheRead: 10, cost: 0.0015 });
    expect(turn.turns).toBeUndefined();
    expect(addUsage(addUsage(undefined, turn, 1), turn, 1)).toMatchObject({ input: 600, cost: 0.003, turns: 2 });
    expect(
      usageOf({ role: "assistant", usage: { input: -1, output: "x", cost: { total: Number.NaN } } }),
    ).toBeUndefined();
  });

  it("formats money", () => {
    expect([0, 0.00042, 0.123, 4.561, 120.4].map(formatUsd)).toEqual(["$0", "$0.0004", "$0.123", "$4.56", "$120"]);
  });

  it("asks once the spend reaches the budget, while the worker is running", () => {
    const u = { input: 1, output: 1, cacheRead: 0, cacheWrite: 0, cost: 1.25 };
    expect(overBudget(fixtureWorker({ state: "active", usage: u }))).toBe(false); // no budget
    expect(overBudget(fixtureWorker({ state: "active", usage: u, budgetUsd: 2 }))).toBe(false);
    expect(overBudget(fixtureWorker({ state: "active", usage: u, budgetUsd: 1 }))).toBe(true);
    expect(overBudget(fixtureWorker({ state: "needs_input", usage: u, budgetUsd: 1 }))).toBe(false); // already asking
    expect(overBudget(fixtureWorker({ state: "ready", usage: u, budgetUsd: 1 }))).toBe(false);
    expect(budgetQuestion(fixtureWorker({ state: "active", usage: u, budgetUsd: 1 }))).toMatch(
      /^Spent \$1\.25 of \$1\.00 budget; continue\?/,
    );
  });

  it("a reply with an amount sets the next budget; any other clears it", () => {
    expect(budgetFromReply("$5")).toBe(5);
    expect(budgetFromReply("yes, budget 2.50")).toBe(2.5);
    expect(budgetFromReply("20")).toBe(20);
    expect(budgetFromReply("continue")).toBeUndefined();
    expect(budgetFromReply("stop at 3am")).toBeUndefined();
    expect(budgetFromReply("0")).toBeUndefined();
  });

  it("the fleet total goes to @docket_cost, and #{docket_cost} reads it natively", () => {
    expect(fleetCostText([{}, {}])).toBe("");
    expect(fleetCostText([{ usage: { cost: 0.5 } }, {}, { usage: { cost: 0.75 } }])).toBe("$1.25");
    const cmds = publishCommands(
      [
        { label: "w1", state: "active", usage: { cost: 0.5 } },
        { label: "w2", state: "idle", usage: { cost: 1 } },
      ],
      { waiting: 0, failed: 0, ready: 0, running: 2, total: 2, warning: "" },
      OPTION_DEFAULTS as never,
      undefined,
    );
    expect(cmds).toContainEqual(["set-option", "-g", "@docket_cost", "$1.50"]);
    expect(rewritePlaceholders("spent #{docket_cost}")).toBe("spent #{E:@docket_cost}");
  });

  it("shows in the workers column and the show line", () => {
    const w = fixtureWorker({
      state: "active",
      usage: { input: 12_345, output: 1200, cacheRead: 40_000, cacheWrite: 0, cost: 0.123, model: "fake/fake-model" },
      budgetUsd: 5,
    });
    expect(costCell(w)).toBe("$0.123");
    expect(costCell(fixtureWorker({ state: "active" }))).toBe("-");
    expect(usageText(w)).toBe("$0.123 · 12k in · 1.2k out · 40k cache read · fake/fake-model · budget $5.00");
  });
});
