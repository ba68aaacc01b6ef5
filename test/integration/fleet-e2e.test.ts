// Must-show 1: spawn → todos → wait (options/recommend/risk) → workers --json → tell → edit → done →
// ready with summary, evidence and a change set that is exactly the edit. Real tmux, pi, git.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeDrill, type Drill } from "../helpers/drill.js";
import { waitFor } from "../helpers/sandbox.js";
import type { WorkerStatus } from "../../src/core/schema.js";

const REPLY = "Go with option A, but keep the file ending with a newline.";

describe("fleet end to end", () => {
  let d: Drill;
  beforeAll(async () => {
    d = await makeDrill([
      {
        match: "E2E-TASK",
        steps: [
          {
            tools: [
              {
                name: "docket_todos",
                args: {
                  items: [
                    { text: "read a.txt", state: "completed" },
                    { text: "add a line", state: "pending" },
                  ],
                },
              },
            ],
          },
          {
            tools: [
              {
                name: "docket_wait",
                args: {
                  question: "Append 'three' or 'drei'?",
                  options: ["three", "drei"],
                  recommend: "three",
                  risk: "touches src/a.txt",
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
                args: {
                  outcome: "completed",
                  summary: "Appended three to src/a.txt",
                  evidence: ["src/a.txt now ends with three"],
                },
              },
            ],
          },
        ],
        after: { text: "finished" },
      },
    ]);
  });
  afterAll(async () => d?.cleanup());

  it("runs the whole decision loop through the CLI", async () => {
    const { label } = await d.spawn("E2E-TASK: add a third line to src/a.txt");
    expect(label).toBe("w1");

    const listed = await waitFor(
      async () => {
        const r = await d.sb.docket(["workers", "--json"], { cwd: d.repo });
        const ws = JSON.parse(r.stdout) as WorkerStatus[];
        return ws.find((w) => w.label === "w1" && w.state === "needs_input");
      },
      30_000,
      "w1 needs_input in `docket workers --json`",
    );
    expect(listed.question).toMatchObject({
      text: "Append 'three' or 'drei'?",
      options: ["three", "drei"],
      recommend: "three",
      risk: "touches src/a.txt",
    });
    expect(listed.todos.map((t) => t.text)).toEqual(["read a.txt", "add a line"]);

    const told = await d.sb.docket(["tell", "w1", REPLY], { cwd: d.repo });
    expect(told.exitCode, told.stderr).toBe(0);

    const ready = await d.waitState("w1", (s) => s.state === "ready", "ready");
    const afterReply = d.model.requests.find((r) => r.lastUser === REPLY);
    expect(afterReply, "the model received the reply verbatim as a user message").toBeDefined();
    expect(ready.question?.answeredAt).toBeTruthy();
    expect(ready.result).toMatchObject({
      summary: "Appended three to src/a.txt",
      evidence: ["src/a.txt now ends with three"],
    });
    expect(ready.changeSet?.files).toEqual([{ path: "src/a.txt", added: 1, removed: 0 }]);

    const patch = readFileSync(join(d.sb.home, "workers", ready.id, ready.changeSet!.patch), "utf8");
    const changed = patch.split("\n").filter((l) => /^[+-]/.test(l) && !/^(\+\+\+|---) /.test(l));
    expect(changed).toEqual(["+three"]);
    // The parent repo is untouched until promotion.
    expect(readFileSync(join(d.repo, "src/a.txt"), "utf8")).toBe("one\ntwo\n");
  });
});
