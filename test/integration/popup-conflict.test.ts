// The conflict card in the real verdict popup (a tmux pane): Accept on a change set that conflicts with
// an accepted sibling lists the path and lines; `s` sends the worker one message (path, its hunk, the
// parent's current region), queued because its pi is gone; `c` combines in $EDITOR right in the popup.
import { afterEach, describe, expect, it } from "vitest";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listMessages } from "../../src/store/inbox.js";
import { workerPaths } from "../../src/store/layout.js";
import { readDecisions } from "../../src/store/ledger.js";
import { readStatus, writeNewStatus } from "../../src/store/workers.js";
import { editLine, git, lines, makeMergeWorld, type MergeWorld } from "../helpers/merge-fixtures.js";
import { openPopup } from "../helpers/popup-pane.js";
import { makeSandbox, type Sandbox } from "../helpers/sandbox.js";

const A = lines(40);
let world: MergeWorld | undefined;
let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.cleanup();
  world?.cleanup();
  sb = undefined;
  world = undefined;
});
const edit = (n: number, to: string) => (ws: string) =>
  writeFileSync(join(ws, "src/a.txt"), editLine(readFileSync(join(ws, "src/a.txt"), "utf8"), n, to));

/** w1 accepted into the parent, w2 on the same line: its accept conflicts. */
async function acceptedSibling() {
  world = makeMergeWorld({ "src/a.txt": A });
  sb = makeSandbox({ DOCKET_HOME: world.home });
  await sb.startServer();
  const now = new Date().toISOString();
  const w1 = { ...(await world.worker(1, edit(10, "TEN by w1"))), task: "fix login", updatedAt: now };
  const w2 = { ...(await world.worker(2, edit(10, "TEN by w2"))), task: "add logout", updatedAt: now };
  writeNewStatus(world.home, w1);
  writeNewStatus(world.home, w2);
  const acc = await sb.docket(["verdict", "w1", "--accept", "--yes"]);
  expect(acc.exitCode, acc.stderr).toBe(0);
  return { w1, w2 };
}

describe("verdict popup: a conflicting accept", () => {
  it("lists the path and lines; Send back (one key) puts one message with the path and hunk in the worker's inbox", async () => {
    const { w2 } = await acceptedSibling();
    const before = world!.snapshot();
    const p = await openPopup(sb!, ["verdict", "w2"], { cwd: world!.repo });
    await p.waitFor(/Accept\s+· promote the change set/, "ready card");
    await p.keys("Enter");
    const card = await p.waitFor(/Send back to w2/, "conflict card");
    expect(card).toContain("docket · verdict · conflict");
    expect(card).toMatch(/src\/a\.txt\s+lines 10-14/);
    expect(card).toContain("Combine with w1");
    expect(world!.snapshot()).toBe(before); // the refused accept changed nothing
    await p.keys("s");
    await p.waitFor(/w2: sent back with the conflicts in src\/a\.txt/, "sent-back note");
    const { messages } = listMessages(workerPaths(world!.home, w2.id).inbox);
    expect(messages).toHaveLength(1);
    const text = messages[0]!.msg.text;
    expect(text).toContain("Conflicting: src/a.txt (lines 10-14)");
    expect(text).toContain("+TEN by w2"); // its hunk
    expect(text).toMatch(/src\/a\.txt lines 10-10:\n```\nTEN by w1\n```/); // the parent's current region
    expect(text).toContain("call docket_done again");
    expect(messages[0]!.msg.deliveredAt).toBeUndefined(); // its pi is gone: queued for a respawn
    expect(world!.snapshot()).toBe(before);
    expect(readDecisions(world!.home).decisions.at(-1)).toMatchObject({
      verb: "chat",
      label: "w2",
      text: "sent back: conflicts in src/a.txt",
    });
  });

  it("Cancel leaves everything; Combine opens the editor in the popup and writes the resolution", async () => {
    const { w1, w2 } = await acceptedSibling();
    const script = join(world!.dir, "resolve.sh");
    writeFileSync(script, `#!/bin/sh\nsed -i -e '/^<<<<<<< /d' -e '/^||||||| /,/^=======$/d' -e '/^>>>>>>> /d' "$@"\n`);
    chmodSync(script, 0o755);
    const before = world!.snapshot();
    const p = await openPopup(sb!, ["verdict", "w2"], { cwd: world!.repo, env: { EDITOR: script, VISUAL: "" } });
    await p.waitFor(/Accept\s+· promote the change set/, "ready card");
    await p.keys("Enter");
    await p.waitFor(/Send back to w2/, "conflict card");
    await p.keys("Escape");
    await p.waitFor(/Accept\s+· promote the change set/, "back on the card");
    expect(world!.snapshot()).toBe(before);
    expect(listMessages(workerPaths(world!.home, w2.id).inbox).messages).toHaveLength(0);
    await p.keys("Enter");
    await p.waitFor(/Send back to w2/, "conflict card again");
    await p.keys("c");
    await p.waitFor(/w1 and w2: combined into/, "combined note");
    expect(world!.read("src/a.txt")).toBe(editLine(A, 10, "TEN by w1\nTEN by w2"));
    expect(git(world!.repo, "status", "--porcelain")).toBe(" M src/a.txt");
    expect(git(world!.repo, "diff", "--cached")).toBe("");
    expect(readDecisions(world!.home).decisions.at(-1)).toMatchObject({ verb: "combine", label: "w1", with: "w2" });
    expect(readStatus(world!.home, w1.id).reviewedAt).toBeTruthy();
    expect(readStatus(world!.home, w2.id).reviewedAt).toBeTruthy();
  });

  it("scripts: docket verdict wN --send-back sends the same one message; a clean change set has nothing to send back", async () => {
    const { w2 } = await acceptedSibling();
    const none = await sb!.docket(["verdict", "w1", "--send-back"]);
    expect(none.exitCode).not.toBe(0);
    expect(none.stderr).toMatch(
      /^docket: w1 \(ready\) has no change set to send back|merges into the parent without a conflict/,
    );
    const r = await sb!.docket(["verdict", "w2", "--send-back"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/w2: sent back with the conflicts in src\/a\.txt \(queued/);
    const { messages } = listMessages(workerPaths(world!.home, w2.id).inbox);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.msg.text).toContain("+TEN by w2");
  });
});
