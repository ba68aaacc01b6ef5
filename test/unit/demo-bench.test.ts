// The demo's scripts must drive each worker to its state with valid protocol calls, and the bench
// table must print every row with its baseline. Pure: no processes.
import { describe, expect, it } from "vitest";
import { DEMO_FLEET } from "../../src/demo/scripts.js";
import { DEMO_FILES } from "../../src/demo/repo.js";
import { checkDone, checkFail, checkTodos, checkWait } from "../../src/pi/validate.js";
import { median, renderTable } from "../../src/bench/table.js";
import { fakeWorker } from "../../src/bench/fixtures.js";
import { reached } from "../../src/demo/fleet.js";

const CHECKS: Record<string, (a: unknown) => { ok: boolean; error?: string }> = {
  docket_todos: checkTodos,
  docket_wait: checkWait,
  docket_done: checkDone,
  docket_fail: checkFail,
};
const PI_TOOLS = new Set(["read", "bash", "edit", "write"]);

describe("demo fleet scripts", () => {
  it("covers every state the issue asks for, with distinct tasks each matched by exactly its own script", () => {
    expect(DEMO_FLEET.map((w) => w.expect).sort()).toEqual(["active", "failed", "needs_input", "ready", "ready"]);
    for (const w of DEMO_FLEET) {
      const matching = DEMO_FLEET.filter((o) => w.task.includes(o.script.match ?? ""));
      expect(matching.map((m) => m.role)).toEqual([w.role]);
    }
  });

  it("uses only valid protocol calls and known pi tools", () => {
    for (const w of DEMO_FLEET) {
      for (const step of w.script.steps) {
        if (!("tools" in step)) continue;
        for (const t of step.tools) {
          const check = CHECKS[t.name];
          if (check) expect(check(t.args), `${w.role}: ${t.name}`).toMatchObject({ ok: true });
          else expect(PI_TOOLS.has(t.name), `${w.role}: unknown tool ${t.name}`).toBe(true);
        }
      }
    }
  });

  it("asks a question with options, a recommendation and a risk", () => {
    const q = DEMO_FLEET.find((w) => w.expect === "needs_input")!;
    const wait = q.script.steps.flatMap((s) => ("tools" in s ? s.tools : [])).find((t) => t.name === "docket_wait")!;
    const args = wait.args as { options: string[]; recommend: string; risk: string };
    expect(args.options.length).toBeGreaterThanOrEqual(2);
    expect(args.options).toContain(args.recommend);
    expect(args.risk.length).toBeGreaterThan(0);
  });

  it("has two workers editing the same file (the overlap) and edits that match the demo repo", () => {
    const edited = DEMO_FLEET.flatMap((w) =>
      w.script.steps
        .flatMap((s) => ("tools" in s ? s.tools : []))
        .filter((t) => t.name === "edit")
        .map((t) => ({ role: w.role, args: t.args as { path: string; edits: Array<{ oldText: string }> } })),
    );
    const byPath = new Map<string, string[]>();
    for (const e of edited) {
      byPath.set(e.args.path, [...(byPath.get(e.args.path) ?? []), e.role]);
      const content = DEMO_FILES[e.args.path];
      expect(content, e.args.path).toBeDefined();
      for (const x of e.args.edits) expect(content).toContain(x.oldText);
    }
    expect([...byPath.values()].some((roles) => roles.length >= 2)).toBe(true);
  });

  it("keeps the working worker busy with a todo board then a hanging request", () => {
    const w = DEMO_FLEET.find((x) => x.expect === "active")!;
    expect(w.script.steps.at(-1)).toEqual({ hang: true });
    const f = fakeWorker(4, "/p").status;
    expect(reached(w, { ...f, state: "active", todos: [] })).toBe(false);
    expect(reached(w, { ...f, state: "active", todos: [{ text: "x", state: "pending" }] })).toBe(true);
  });
});

describe("bench table", () => {
  it("prints each row with its baseline and the ratio, and dashes for missing values", () => {
    const out = renderTable([
      { name: "inbox first paint", value: 45, unit: "ms", baseline: 30, baselineName: "node -e 0", goal: "≤ 1.6×" },
      { name: "search", value: NaN, unit: "", note: "not available yet" },
    ]);
    const lines = out.split("\n");
    expect(lines[0]).toMatch(/^measure\s+value\s+baseline\s+ratio/);
    expect(lines[2]).toContain("45.0 ms");
    expect(lines[2]).toContain("30.0 ms (node -e 0)");
    expect(lines[2]).toContain("1.50×");
    expect(lines[3]).toMatch(/^search\s+-\s+.*not available yet$/);
  });

  it("takes medians of odd and even samples", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
  });

  it("builds synthetic workers that parse as WorkerStatus in every ranked state", () => {
    const states = new Set(Array.from({ length: 16 }, (_, i) => fakeWorker(i + 1, "/p").status.state));
    for (const s of ["needs_input", "failed", "ready", "active"]) expect(states.has(s as never)).toBe(true);
  });
});
