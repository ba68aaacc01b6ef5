// Structured plans: docket_done's `plan` validation, the plan text round trip, the Implement verdict
// choice, and plan coverage (files touched, steps reported done, steps skipped).
import { describe, expect, it } from "vitest";
import { coverageLines, implementTask, parsePlanText, planCoverage, planText } from "../../src/core/plan.js";
import type { Plan } from "../../src/core/schema.js";
import { choicesFor, stampsReviewed } from "../../src/core/verdict.js";
import { checkDone } from "../../src/pi/validate.js";
import { BUILTIN_KINDS } from "../../src/core/builtin-kinds.js";
import { fixtureWorker } from "../helpers/popup-fixtures.js";

const plan: Plan = {
  steps: [
    { title: "Add the flag", files: ["src/a.txt"], check: "grep flag src/a.txt" },
    { title: "Document it", files: ["docs/"], check: "docs mention it" },
  ],
};
const at = "2026-01-01T00:01:00.000Z";

describe("docket_done plan validation", () => {
  it("accepts a plan and keeps it on the result", () => {
    const r = checkDone({
      summary: "planned",
      plan: { steps: [{ title: " Add the flag ", files: "src/a.txt", check: "grep" }] },
    });
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({
        plan: { steps: [{ title: "Add the flag", files: ["src/a.txt"], check: "grep" }] },
      }),
    });
  });

  it.each([
    [{ plan: "do it" }, "`plan` must be an object"],
    [{ plan: { steps: [] } }, "`plan.steps` must be a non-empty list"],
    [{ plan: { steps: ["x"] } }, "`plan.steps[0]` must be an object"],
    [{ plan: { steps: [{ files: [], check: "c" }] } }, "`plan.steps[0].title` is required"],
    [{ plan: { steps: [{ title: "t", files: [] }] } }, "`plan.steps[0].check` is required"],
    [{ plan: { steps: [{ title: "t", files: [1], check: "c" }] } }, "`plan.steps[0].files[0]` must be a string"],
    [
      {
        plan: {
          steps: [
            { title: "t", check: "c" },
            { title: "T", check: "d" },
          ],
        },
      },
      "`plan.steps[1].title` must differ",
    ],
    [{ plan: { steps: Array.from({ length: 21 }, (_, i) => ({ title: `s${i}`, check: "c" })) } }, "at most 20"],
  ])("refuses %j", (extra, msg) => {
    const r = checkDone({ summary: "s", ...extra });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(msg);
  });

  it("a kind that requires a plan is refused a done without one; with one it passes", () => {
    const r = checkDone({ summary: "s" }, { requirePlan: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("must finish with a `plan`");
    expect(checkDone({ summary: "s", plan }, { requirePlan: true }).ok).toBe(true);
  });

  it("the architect kind requires a plan; the implementer is writable", () => {
    const kinds = new Map(BUILTIN_KINDS.map((k) => [k.name, k]));
    expect(kinds.get("architect")).toMatchObject({ writable: false, requirePlan: true });
    expect(kinds.get("implementer")).toMatchObject({ writable: true, requirePlan: false });
    expect(kinds.get("default")?.requirePlan).toBe(false);
  });
});

describe("plan text", () => {
  it("round-trips through the editor's text", () => {
    expect(parsePlanText(planText(plan))).toEqual(plan);
  });
  it("an empty text cancels; a stray line is refused with the line", () => {
    expect(parsePlanText("\n  \n")).toBeUndefined();
    expect(() => parsePlanText("hello\n1. x")).toThrow(/cannot read plan line "hello"/);
  });
  it("the implementer's task holds the plan verbatim and the architect's task", () => {
    const t = implementTask(plan, { label: "w1", task: "design the flag" });
    expect(t).toContain(planText(plan));
    expect(t).toContain("design the flag");
    expect(t).toContain("w1");
  });
});

describe("Implement verdict", () => {
  it("a ready worker with a plan offers Implement first; it stamps reviewed", () => {
    const w = fixtureWorker({
      state: "ready",
      result: { outcome: "proposal", summary: "plan", evidence: [], recommended: [], plan, at },
    });
    const c = choicesFor(w);
    expect(c[0]).toMatchObject({ verb: "implement", label: "Implement", editsPlan: true });
    expect(stampsReviewed("implement", "ready")).toBe(true);
  });
  it("no plan, or already reviewed: no Implement", () => {
    expect(
      choicesFor(
        fixtureWorker({
          state: "ready",
          result: { outcome: "completed", summary: "s", evidence: [], recommended: [], at },
        }),
      ).some((x) => x.verb === "implement"),
    ).toBe(false);
    expect(
      choicesFor(
        fixtureWorker({
          state: "ready",
          reviewedAt: at,
          result: { outcome: "proposal", summary: "s", evidence: [], recommended: [], plan, at },
        }),
      ).some((x) => x.verb === "implement"),
    ).toBe(false);
  });
});

describe("plan coverage", () => {
  const base = fixtureWorker({ state: "ready" });
  it("touched from the change set, reported by todo title, skipped when neither", () => {
    const w = {
      ...base,
      changeSet: {
        baseline: "b",
        files: [{ path: "src/a.txt", added: 1, removed: 0 }],
        patch: "changeset.patch",
        frozenAt: at,
      },
      todos: [
        { text: "add the flag", state: "completed" as const },
        { text: "Document it", state: "pending" as const },
      ],
    };
    const cov = planCoverage(plan, w);
    expect(cov.map((x) => [x.touched, x.reported, x.skipped])).toEqual([
      [["src/a.txt"], true, false],
      [[], false, true],
    ]);
    expect(coverageLines(cov)[1]).toContain("skipped");
  });
  it("edit artifacts count (absolute paths under the workspace too); a directory entry covers files under it", () => {
    const w = { ...base, workspace: { ...base.workspace, path: "/ws" }, todos: [] };
    const cov = planCoverage(plan, w, [
      { id: "e1", type: "edit", at, title: "edit", text: "", path: "/ws/docs/flag.md" },
    ]);
    expect(cov[1]!.touched).toEqual(["docs/"]);
    expect(cov[0]!.skipped).toBe(true);
  });
  it("by position when the board has one item per step and no title matches", () => {
    const w = {
      ...base,
      todos: [
        { text: "first thing", state: "completed" as const },
        { text: "second", state: "completed" as const },
      ],
    };
    expect(planCoverage(plan, w).map((x) => x.reported)).toEqual([true, true]);
    const fewer = { ...base, todos: [{ text: "first thing", state: "completed" as const }] };
    expect(planCoverage(plan, fewer).map((x) => x.reported)).toEqual([false, false]);
  });
});

describe("cards", () => {
  it("an architect's card shows its plan; an implementer's its coverage", async () => {
    const { renderCard } = await import("../../src/ui/card.js");
    const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");
    const arch = strip(
      renderCard({
        worker: fixtureWorker({
          state: "ready",
          result: { outcome: "proposal", summary: "plan", evidence: [], recommended: [], plan, at },
        }),
      }),
    );
    expect(arch).toContain("1. Add the flag\n     files: src/a.txt\n     check: grep flag src/a.txt");
    const impl = fixtureWorker({
      state: "active",
      plan,
      planFrom: "w1",
      todos: [{ text: "Add the flag", state: "completed" }],
    });
    const card = strip(
      renderCard({
        worker: impl,
        artifacts: [{ id: "f1", type: "edit", at, title: "edit src/a.txt", text: "", path: "src/a.txt" }],
      }),
    );
    expect(card).toContain("Plan coverage (plan from w1) · 1/2 steps");
    expect(card).toContain("✓ 1. Add the flag  touched src/a.txt · done");
    expect(card).toContain("✗ 2. Document it  not touched: docs/ · not reported · skipped");
  });
});
