// `docket save --from w1` as a person runs it: fzf multi-select in a pane of a private tmux server,
// then the header edited by $EDITOR (a script standing in for the person), then the bundle on disk.
import { afterAll, describe, expect, it } from "vitest";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DOCKET_BIN, makeSandbox, waitFor, type Sandbox } from "../helpers/sandbox.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";
import { writeNewStatus } from "../../src/store/workers.js";
import { workerPaths } from "../../src/store/layout.js";

let sb: Sandbox | undefined;
afterAll(async () => {
  await sb?.cleanup();
});

describe("interactive save", () => {
  it("saves the items picked in fzf with the header written in $EDITOR", async () => {
    sb = makeSandbox();
    const now = new Date().toISOString();
    const w = fixtureStatus(1, { state: "active", createdAt: now, updatedAt: now });
    writeNewStatus(sb.home, w);
    writeFileSync(
      workerPaths(sb.home, w.id).artifacts,
      JSON.stringify({
        items: [
          {
            id: "c1",
            type: "command",
            at: "2025-01-01T00:02:00.000Z",
            title: "Command failed: npm test",
            text: "1 failing",
            exitCode: 1,
          },
          { id: "e1", type: "error", at: "2025-01-01T00:01:00.000Z", title: "TypeError: boom", text: "at auth.ts:42" },
        ],
      }),
    );
    // The "person" in the editor: keeps the item list comment, replaces title and note.
    const editor = join(sb.dir, "editor.sh");
    const seen = join(sb.dir, "editor-saw.txt");
    writeFileSync(
      editor,
      `#!/bin/sh\ncp "$1" '${seen}'\nprintf 'flaky auth run\\nonly the failing command matters\\n' > "$1"\n`,
    );
    chmodSync(editor, 0o755);
    await sb.startServer();
    const pane = (
      await sb.tmux(
        "new-window",
        "-d",
        "-P",
        "-F",
        "#{pane_id}",
        "-e",
        `EDITOR=${editor}`,
        "-e",
        `DOCKET_HOME=${sb.home}`,
        "-e",
        "TMUX_PANE=",
        DOCKET_BIN,
        "save",
        "--from",
        "w1",
      )
    ).trim();
    await waitFor(async () => (await sb!.tmux("capture-pane", "-p", "-t", pane)).includes("w1.c1"), 15_000, "fzf list");
    // The preview pane shows the highlighted item's full text (docket inject-full --print).
    await waitFor(
      async () =>
        (await sb!.tmux("capture-pane", "-p", "-t", pane)).includes(
          "[docket w1.c1] Command failed: npm test (command · exit 1)",
        ),
      15_000,
      "fzf preview",
    );
    // Newest first: w1.c1 is on top. Tab selects it, Enter confirms.
    await sb.tmux("send-keys", "-t", pane, "Tab");
    await sb.tmux("send-keys", "-t", pane, "Enter");
    const json = join(sb.home, "bundles", "b1.artifacts.json");
    await waitFor(() => existsSync(json), 15_000, "bundle file");
    const b = JSON.parse(readFileSync(json, "utf8"));
    expect(b.title).toBe("flaky auth run");
    expect(b.note).toBe("only the failing command matters");
    expect(b.items.map((i: { id: string; origin: string }) => [i.id, i.origin])).toEqual([["c1", "w1.c1"]]);
    // The editor was offered the default title and the chosen items as comments.
    expect(readFileSync(seen, "utf8")).toMatch(/^evidence from w1\n[\s\S]*# {3}w1\.c1 · Command failed: npm test/);
    expect(readFileSync(join(sb.home, "bundles", "b1.md"), "utf8")).toContain("# b1 · flaky auth run");
  });
});
