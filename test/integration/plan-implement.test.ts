// Spawn options and plan → implement, with real pi workers on the scripted model: a bad --thinking or
// an unknown --model is refused before anything exists; an architect finishes with a 2-step plan;
// `docket verdict w1 --implement` spawns an implementer whose first prompt holds the plan verbatim; it
// edits step 1's file and is done; `docket show w2` shows step 1 touched and step 2 not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeDrill, type Drill } from "../helpers/drill.js";
import { planText } from "../../src/core/plan.js";
import type { Decision, Plan } from "../../src/core/schema.js";

const PLAN: Plan = {
  steps: [
    { title: "Add a third line", files: ["src/a.txt"], check: "tail -1 src/a.txt says three" },
    { title: "Mention it in the readme", files: ["README.md"], check: "README.md mentions three" },
  ],
};

describe("plan → implement", () => {
  let d: Drill;
  beforeAll(async () => {
    d = await makeDrill([
      {
        match: "Implement this plan",
        steps: [
          {
            tools: [
              {
                name: "docket_todos",
                args: {
                  items: [
                    { text: "Add a third line", state: "completed" },
                    { text: "Mention it in the readme", state: "pending" },
                  ],
                },
              },
            ],
          },
          {
            tools: [
              { name: "edit", args: { path: "src/a.txt", edits: [{ oldText: "two\n", newText: "two\nthree\n" }] } },
            ],
          },
          {
            tools: [
              {
                name: "docket_done",
                args: { summary: "Added the third line; skipped the readme step", evidence: ["src/a.txt"] },
              },
            ],
          },
        ],
        after: { text: "finished" },
      },
      {
        match: "ARCH-TASK",
        steps: [
          { tools: [{ name: "docket_done", args: { outcome: "proposal", summary: "Without a plan" } }] },
          {
            tools: [
              {
                name: "docket_done",
                args: { outcome: "proposal", summary: "Two steps: the line, then the readme", plan: PLAN },
              },
            ],
          },
        ],
        after: { text: "finished" },
      },
    ]);
  });
  afterAll(async () => d?.cleanup());

  it("refuses a bad --thinking and an unknown model before anything is created", async () => {
    const bad = await d.sb.docket(["spawn", "--thinking", "loud", "--", "anything"], { cwd: d.repo });
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toContain("--thinking takes one of off, minimal, low, medium, high, xhigh");
    const unknown = await d.sb.docket(["spawn", "--model", "fake/no-such-model", "--", "anything"], { cwd: d.repo });
    expect(unknown.exitCode).not.toBe(0);
    expect(unknown.stderr.trim()).toBe(
      "docket: model fake/no-such-model is not one pi knows; pi --list-models lists them",
    );
    const workers = join(d.sb.home, "workers");
    expect(existsSync(workers) ? readdirSync(workers).filter((n) => !n.startsWith(".")) : []).toEqual([]);
    expect((await d.sb.tmux("list-windows", "-a", "-F", "#{window_name}")).split("\n")).not.toContain("w1");
  });

  it("hands an architect's plan to an implementer and shows its coverage", async () => {
    const { label, id } = await d.spawn("ARCH-TASK: plan a third line in src/a.txt", [
      "--as",
      "architect",
      "--model",
      "fake/fake-model",
      "--thinking",
      "low",
    ]);
    expect(label).toBe("w1");
    const argv = (JSON.parse(readFileSync(join(d.sb.home, "workers", id, "launch.json"), "utf8")) as { argv: string[] })
      .argv;
    expect(argv.join(" ")).toContain("--thinking low");
    expect(existsSync(join(d.sb.home, "cache", "pi-models.json"))).toBe(true);

    // Its first done carried no plan: refused (the model retries), then the planned one stands.
    const arch = await d.waitState("w1", (s) => s.state === "ready", "ready with a plan", 90_000);
    expect(arch.workspace.type).toBe("parent");
    expect(arch.result?.plan).toEqual(PLAN);
    const refusal = d.model.requests.find((r) =>
      JSON.stringify(r.messages).includes("your kind must finish with a `plan`"),
    );
    expect(refusal, "the planless done came back as a refusal").toBeDefined();

    // --edit: an editor that leaves the file empty cancels; nothing is spawned and w1 stays unreviewed.
    const editor = join(d.sb.dir, "empty-editor");
    writeFileSync(editor, '#!/bin/sh\n: > "$1"\n');
    chmodSync(editor, 0o755);
    const cancelled = await d.sb.docket(["verdict", "w1", "--implement", "--edit"], {
      cwd: d.repo,
      env: { ...d.sb.env, EDITOR: editor, VISUAL: "" },
    });
    expect(cancelled.exitCode, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toContain("w1: empty plan; nothing spawned");
    expect(d.worker("w2")).toBeUndefined();
    expect(d.worker("w1")?.reviewedAt).toBeUndefined();

    const v = await d.sb.docket(["verdict", "w1", "--implement", "--json"], { cwd: d.repo });
    expect(v.exitCode, v.stderr).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ label: "w1", verb: "implement" });

    const impl = await d.waitState("w2", (s) => s.state === "ready", "ready", 90_000);
    expect(impl).toMatchObject({ kind: "implementer", planFrom: "w1", plan: PLAN });
    expect(impl.workspace.type).toBe("worktree");
    const first = d.model.requests.find((r) => r.lastUser.includes("Implement this plan"));
    expect(first, "the implementer's first request").toBeDefined();
    expect(first!.lastUser).toContain(planText(PLAN));
    expect(impl.changeSet?.files.map((f) => f.path)).toEqual(["src/a.txt"]);

    expect(d.worker("w1")?.reviewedAt).toBeTruthy();
    const ledger = readFileSync(join(d.sb.home, "decisions.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Decision);
    expect(ledger.find((r) => r.verb === "implement")).toMatchObject({
      label: "w1",
      with: "w2",
      text: "w2 implements 2 steps",
    });

    const show = await d.sb.docket(["show", "w2"], { cwd: d.repo });
    expect(show.exitCode, show.stderr).toBe(0);
    expect(show.stdout).toContain("plan         2 step(s) from w1; coverage:");
    expect(show.stdout).toContain("1. Add a third line — touched src/a.txt; reported done");
    expect(show.stdout).toContain("2. Mention it in the readme — not touched (README.md); not reported done; skipped");
    const json = JSON.parse((await d.sb.docket(["show", "w2", "--json"], { cwd: d.repo })).stdout) as {
      coverage: Array<{ touched: string[]; skipped: boolean }>;
    };
    expect(json.coverage.map((c) => [c.touched, c.skipped])).toEqual([
      [["src/a.txt"], false],
      [[], true],
    ]);
  });
});
