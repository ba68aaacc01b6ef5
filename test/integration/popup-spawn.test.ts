// `docket spawn --prompt` in a pane: asks for the task, then the kind with fzf (descriptions shown),
// then starts the worker in the origin pane's directory.
import { afterAll, describe, expect, it } from "vitest";
import { makeDrill, type Drill } from "../helpers/drill.js";
import { openPopup } from "../helpers/popup-pane.js";

let d: Drill | undefined;
afterAll(async () => {
  await d?.cleanup();
});

describe("spawn prompt", () => {
  it("task line, kind picker, worker started in the origin pane's directory", async () => {
    d = await makeDrill([{ match: "list the files", steps: [{ hang: true }] }]);
    // The origin pane sits in the repo; the prompt itself runs elsewhere (like display-popup would).
    const origin = (
      await d.sb.tmux("new-window", "-d", "-P", "-F", "#{pane_id}", "-t", "main:", "-c", d.repo, "sh")
    ).trim();
    const p = await openPopup(d.sb, ["spawn", "--prompt", "--origin-pane", origin], { cwd: d.sb.dir });
    await p.waitFor(/task>/, "task prompt");
    expect(await p.screen()).toContain(d.repo);
    await p.keys("-l", "list the files in src");
    await p.keys("Enter");
    await p.waitFor(/kind for this worker/, "kind picker");
    // fzf draws its header before it has read the rows: wait for them, each with its description.
    expect(await p.waitFor(/^[>\s]*scout\s+\S/m, "the kinds, with descriptions")).toMatch(/kind for this worker/);
    await p.keys("-l", "scout");
    // fzf filters as it reads keys: Enter only once the cursor is on scout.
    await p.waitFor(/^>\s*scout\b/m, "scout under the cursor");
    await p.keys("Enter");
    await p.waitFor(/started w1/, "started note");
    const w = d.worker("w1")!;
    expect(w.kind).toBe("scout");
    expect(w.task).toBe("list the files in src");
    expect(w.workspace.parentDir).toBe(d.repo);
  });
});
