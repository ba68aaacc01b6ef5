// The verdict popup's Implement on an architect's plan: Enter opens the plan in $EDITOR, what the
// person saves goes to a new implementer (its first prompt holds the edited plan), the ledger says
// `implement … (edited)` and the architect is reviewed. Real tmux, pi and the scripted model.
import { afterAll, describe, expect, it } from "vitest";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeDrill, type Drill } from "../helpers/drill.js";
import { openPopup } from "../helpers/popup-pane.js";
import { waitFor } from "../helpers/sandbox.js";
import { readDecisions } from "../../src/store/ledger.js";

let d: Drill | undefined;
afterAll(async () => {
  await d?.cleanup();
});

describe("Implement in the verdict popup", () => {
  it("edits the plan in the editor, then spawns an implementer with what was saved", async () => {
    d = await makeDrill([
      { match: "Implement this plan", steps: [{ hang: true }] },
      {
        match: "ARCH-POPUP",
        steps: [
          {
            tools: [
              {
                name: "docket_done",
                args: {
                  outcome: "proposal",
                  summary: "One step",
                  plan: { steps: [{ title: "Add a third line", files: ["src/a.txt"], check: "tail -1 src/a.txt" }] },
                },
              },
            ],
          },
        ],
        after: { text: "finished" },
      },
    ]);
    await d.spawn("ARCH-POPUP: plan a third line", ["--as", "architect"]);
    await d.waitState("w1", (s) => s.state === "ready" && !!s.result?.plan, "ready with a plan", 90_000);

    // The "editor" renames the step, as a person would.
    const editor = join(d.sb.dir, "plan-editor");
    writeFileSync(editor, "#!/bin/sh\nsed -i 's/Add a third line/Add the word three/' \"$1\"\n");
    chmodSync(editor, 0o755);
    const v = await openPopup(d.sb, ["verdict", "w1"], {
      cwd: d.repo,
      name: "verdict",
      env: { EDITOR: editor, VISUAL: "" },
    });
    const card = await v.waitFor(/▸\s+Implement/, "Implement preselected");
    expect(card).toContain("Plan");
    expect(card).toContain("1. Add a third line");
    await v.keys("Enter");

    const impl = await d.waitState("w2", (s) => !!s.plan, "spawned with a plan", 60_000);
    expect(impl).toMatchObject({
      kind: "implementer",
      planFrom: "w1",
      plan: { steps: [{ title: "Add the word three", files: ["src/a.txt"], check: "tail -1 src/a.txt" }] },
    });
    const first = await waitFor(
      () => d!.model.requests.find((r) => r.lastUser.includes("Implement this plan")),
      60_000,
      "the implementer's first request",
    );
    expect(first.lastUser).toContain("1. Add the word three\n   files: src/a.txt\n   check: tail -1 src/a.txt");
    const row = await waitFor(
      () => readDecisions(d!.sb.home).decisions.find((r) => r.verb === "implement"),
      20_000,
      "implement in the ledger",
    );
    expect(row).toMatchObject({ label: "w1", with: "w2", text: "w2 implements 1 step (edited)" });
    expect(d.worker("w1")?.reviewedAt).toBeTruthy();
    await v.keys("q");
  });
});
