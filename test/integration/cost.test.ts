// What a worker costs, with a real pi: the scripted model reports usage as the OpenAI-compatible API
// does, pi prices it from models.json, the extension writes the per-turn sums to status.json, and the
// CLI and status line show them. A worker spawned with --budget is stopped and asks once its spend
// crosses the budget; a reply with an amount raises the budget and the worker goes on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeDrill, type Drill } from "../helpers/drill.js";
import { waitFor } from "../helpers/sandbox.js";

const done = { tools: [{ name: "docket_done", args: { summary: "COST-DONE finished after the budget was raised." } }] };

describe("worker cost", () => {
  let d: Drill;
  beforeAll(async () => {
    d = await makeDrill([
      {
        match: "COST-TASK",
        steps: [
          // $3/M in, $15/M out (FAKE_COST): 100k in + 1k out = $0.315; 300k in + 2k out = $0.93.
          {
            tools: [{ name: "docket_todos", args: { items: [{ text: "look", state: "in_progress" }] } }],
            usage: { prompt: 100_000, completion: 1000 },
          },
          { tools: [{ name: "bash", args: { command: "echo spent" } }], usage: { prompt: 300_000, completion: 2000 } },
          done,
        ],
        after: done, // whether or not the aborted request took the step above, the next one is done
      },
    ]);
  });
  afterAll(async () => d?.cleanup());

  it("records usage per turn, shows it, and asks at the budget", async () => {
    const { label, id } = await d.spawn("COST-TASK: spend some tokens", ["--budget", "1"]);
    const asked = await d.waitState(label, (s) => s.state === "needs_input", "needs_input at the budget");
    expect(asked.budgetUsd).toBe(1);
    expect(asked.usage).toMatchObject({
      input: 400_000,
      output: 3000,
      cost: 1.245,
      model: "fake/fake-model",
      turns: 2,
    });
    expect(asked.question).toMatchObject({ options: ["continue", "stop"], budget: 1 });
    expect(asked.question!.text).toMatch(/^Spent \$1\.25 of \$1\.00 budget; continue\?/);
    expect(asked.result).toBeUndefined(); // the run was stopped: it did not go on to finish

    const workers = await d.sb.docket(["workers"], { cwd: d.repo });
    expect(workers.stdout).toMatch(/REF\s+STATE\s+KIND\s+AGE\s+COST\s+TASK/);
    expect(workers.stdout).toMatch(new RegExp(`${label}\\s+needs input\\s+default\\s+\\S+\\s+\\$1\\.25\\s+COST-TASK`));
    const show = await d.sb.docket(["show", label], { cwd: d.repo });
    expect(show.stdout).toMatch(/cost\s+\$1\.25 · 400k in · 3\.0k out · fake\/fake-model · budget \$1\.00/);
    const json = JSON.parse((await d.sb.docket(["show", label, "--json"], { cwd: d.repo })).stdout) as {
      usage: { cost: number };
      budgetUsd: number;
    };
    expect(json.usage.cost).toBe(1.245);
    await waitFor(
      async () => ((await d.sb.tmux("show-options", "-gv", "@docket_cost")).trim() === "$1.25" ? true : undefined),
      20_000,
      "@docket_cost",
    );

    // Asked once, by docket (the reason names the budget), not by the model.
    const budgetAsks = () =>
      readFileSync(join(d.sb.home, "workers", id, "events.ndjson"), "utf8")
        .split("\n")
        .filter((l) => l.includes('"reason":"budget reached"')).length;
    expect(budgetAsks()).toBe(1);

    const told = await d.sb.docket(["tell", label, "$20"], { cwd: d.repo });
    expect(told.exitCode, told.stderr).toBe(0);
    // The turn's usage is written when the turn ends, a moment after docket_done made it ready.
    const ready = await d.waitState(
      label,
      (s) => s.state === "ready" && s.usage?.turns === 3,
      "ready after the reply, its turn counted",
    );
    expect(ready.budgetUsd).toBe(20);
    expect(ready.result?.summary).toBe("COST-DONE finished after the budget was raised.");
    expect(ready.usage!.cost).toBeGreaterThan(1.245);
    expect(ready.usage!.turns).toBe(3);
    expect(d.model.requests.some((r) => r.lastUser === "$20")).toBe(true);
  });
});
