// `d` opens the review view in a real tmux pane: move to the second hunk, comment on a line, leave and
// come back (the comment is still there), and the send key puts ONE message into the worker's inbox.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { execaSync } from "execa";
import { join } from "node:path";
import { makeSandbox, type Sandbox } from "../helpers/sandbox.js";
import { openPopup } from "../helpers/popup-pane.js";
import { readyWorkerWithChangeSet } from "../helpers/popup-fixtures.js";
import type { InboxMessage, ReviewComment, WorkerStatus } from "../../src/core/schema.js";
import { workerPaths } from "../../src/store/layout.js";
import { updateStatus } from "../../src/store/workers.js";

let sb: Sandbox;

const FILE = Array.from({ length: 30 }, (_, i) => `line${i + 1}`).join("\n") + "\n";
/** Two hunks far apart: line 2 and line 20 of src/a.txt. */
const edit = (s: string) => s.replace(/^line2$/m, "LINE2").replace(/^line20$/m, "LINE20");

/** A ready worker whose pi looks alive (a live pid, a fresh heartbeat, a real pane), so tell goes through its mailbox. */
async function liveReadyWorker(index: number): Promise<{ w: WorkerStatus; repo: string }> {
  const { w, repo } = await readyWorkerWithChangeSet(sb, index, { "src/a.txt": FILE }, edit);
  // Its window in the workers' session, where tell looks for a worker's pane.
  const paneId = (
    await sb.tmux("new-session", "-d", "-P", "-F", "#{pane_id}", "-s", "docket-workers", "-n", w.label, "cat")
  ).trim();
  const live = updateStatus(sb.home, w.id, (s) => ({
    ...s,
    extensionPid: process.pid,
    heartbeatAt: new Date().toISOString(),
    tmux: { ...s.tmux, paneId },
  }));
  return { w: live, repo };
}

function inboxMessages(w: WorkerStatus): InboxMessage[] {
  const dir = workerPaths(sb.home, w.id).inbox;
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch {
    return [];
  }
  return files.map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as InboxMessage);
}

function comments(w: WorkerStatus): ReviewComment[] {
  try {
    return (JSON.parse(readFileSync(workerPaths(sb.home, w.id).review, "utf8")) as { comments: ReviewComment[] })
      .comments;
  } catch {
    return [];
  }
}

describe("the review view", () => {
  // A sandbox per test: the inbox lists every worker of its store, and `d` acts on the selected one.
  beforeEach(async () => {
    sb = makeSandbox();
    await sb.startServer();
  });
  afterEach(async () => {
    await sb?.cleanup();
  });

  it("verdict 80×24: comment on the second hunk, leave, re-open: still there; S sends one message", async () => {
    const { w, repo } = await liveReadyWorker(1);
    const p = await openPopup(sb, ["verdict", w.label], { cwd: repo, name: "review1", size: [80, 24] });
    await p.waitFor(/Accept\s+· promote the change set/, "ready card");
    await p.keys("d");
    await p.waitFor(/review v1 .*hunk 1\/2/, "the review view on hunk 1");
    await p.keys("n");
    await p.waitFor(/hunk 2\/2/, "hunk 2");
    // From the @@ line down to +LINE20: three context lines and the removed one.
    for (let i = 0; i < 5; i++) await p.keys("Down");
    await p.waitFor(/^▸\+LINE20/m, "the cursor on +LINE20");
    await p.keys("c");
    await p.waitFor(/src\/a\.txt:20 >/, "the comment prompt");
    await p.keys("keep it lower case please", "Enter");
    const shown = await p.waitFor(/┃ keep it lower case please/, "the comment inline");
    expect(shown).toMatch(/1 comment\b/);
    expect(comments(w)).toMatchObject([
      { version: 1, path: "src/a.txt", line: 20, comment: "keep it lower case please" },
    ]);
    expect(comments(w)[0]!.hunkText).toContain("+LINE20");
    expect(inboxMessages(w)).toHaveLength(0);

    await p.keys("q");
    await p.waitFor(/Send back \(1 comment\)/, "the card offers to send the comment back");
    await p.keys("d");
    await p.waitFor(/review v1 .*1 comment/, "the review view again");
    await p.keys("n");
    await p.waitFor(/hunk 2\/2[\s\S]*\+LINE20\n.*┃ keep it lower case please/, "the comment kept under its line");

    await p.keys("S");
    await p.waitFor(/send 1 comment to w1 as one message\? y\/N/, "the send confirmation");
    await p.keys("y", "Enter");
    await p.waitFor(/sent 1 comment \(extension\)/, "sent");
    const msgs = inboxMessages(w);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.text).toContain("## 1. src/a.txt:20");
    expect(msgs[0]!.text).toContain("+LINE20");
    expect(msgs[0]!.text).toContain("keep it lower case please");
    expect(comments(w)[0]).toMatchObject({ messageId: msgs[0]!.id });

    // Sent: the view says so, and the card no longer offers to send.
    await p.waitFor(/0 comments[\s\S]*keep it lower case please \(sent\)/, "marked sent");
    await p.keys("q");
    const card = await p.waitFor(/Accept\s+· promote the change set/, "back on the card");
    expect(card).not.toMatch(/Send back/);
    expect(await p.alive()).toBe(true);
  });

  it("inbox 40×12: d opens the review view, a hunk comment fits, q returns to the list", async () => {
    const { w, repo } = await liveReadyWorker(2);
    const p = await openPopup(sb, ["inbox", "--all"], { cwd: repo, name: "review2", size: [40, 12] });
    await p.waitFor(new RegExp(`${w.label}\\s+ready`), "ready row");
    await p.keys("d");
    const view = await p.waitFor(/review v1/, "the review view");
    for (const line of view.split("\n")) expect([...line].length).toBeLessThanOrEqual(40);
    await p.keys("n", "h");
    await p.waitFor(/src\/a\.txt @@ -17,7 \+17,7 @@ >/, "the hunk comment prompt");
    await p.keys("whole hunk note", "Enter");
    await p.waitFor(/┃ whole hunk note/, "the hunk comment inline");
    expect(comments(w)).toMatchObject([
      { path: "src/a.txt", hunk: "@@ -17,7 +17,7 @@ line16", comment: "whole hunk note" },
    ]);
    expect(comments(w)[0]!.line).toBeUndefined();
    await p.keys("x");
    await p.waitFor(/comment deleted/, "deleted");
    expect(comments(w)).toEqual([]);
    await p.keys("q");
    await p.waitFor(new RegExp(`^(?![\\s\\S]*review v1)[\\s\\S]*${w.label}\\s+ready`), "back on the list");
    expect(inboxMessages(w)).toHaveLength(0);
  });

  it("docket verdict --send-review: refused without comments; with them, one message and a ledger row", async () => {
    const { w } = await liveReadyWorker(3);
    const none = await sb.docket(["verdict", w.label, "--send-review"]);
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toMatch(/does not offer --send-review/);
    const { addComment } = await import("../../src/store/review.js");
    addComment(sb.home, w.id, {
      version: 1,
      path: "src/a.txt",
      line: 2,
      hunk: "@@ -1,5 +1,5 @@",
      hunkText: "@@ -1,5 +1,5 @@\n line1\n-line2\n+LINE2",
      comment: "lower case, please",
    });
    const r = await sb.docket(["verdict", w.label, "--send-review", "--json"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      label: w.label,
      verb: "send_review",
      message: `${w.label}: sent back 1 comment on v1`,
    });
    const msgs = inboxMessages(w);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.text).toContain("## 1. src/a.txt:2\n");
    expect(msgs[0]!.text).toContain("lower case, please");
    const ledger = readFileSync(join(sb.home, "decisions.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { verb: string; text?: string });
    expect(ledger.filter((d) => d.verb === "send_review")).toEqual([
      expect.objectContaining({ text: "1 review comment on v1" }),
    ]);
    // Sent: nothing left to send.
    const again = await sb.docket(["verdict", w.label, "--send-review"]);
    expect(again.exitCode).toBe(1);
  });

  it("a revised change set: the title names v1, and i shows only what changed since v1", async () => {
    const { w } = await readyWorkerWithChangeSet(sb, 4, { "src/a.txt": FILE }, edit);
    // v2: the worker went on to change line 25 too; v1 keeps its own patch file.
    const dir = workerPaths(sb.home, w.id).dir;
    const ws = w.workspace.path;
    const v1 = readFileSync(join(dir, "changeset.patch"), "utf8");
    writeFileSync(join(dir, "changeset.v1.patch"), v1);
    writeFileSync(join(ws, "src/a.txt"), edit(FILE).replace(/^line25$/m, "LINE25"));
    const v2 = execaSync("git", ["diff", "--binary", "HEAD"], { cwd: ws }).stdout + "\n";
    writeFileSync(join(dir, "changeset.patch"), v2);
    writeFileSync(join(dir, "changeset.v2.patch"), v2);
    const cs = w.changeSet!;
    updateStatus(sb.home, w.id, (s) => ({
      ...s,
      changeSet: { ...cs, files: [{ path: "src/a.txt", added: 3, removed: 3 }], version: 2 },
      changeSets: [
        { version: 1, baseline: cs.baseline, files: cs.files, patch: "changeset.v1.patch", frozenAt: cs.frozenAt },
        {
          version: 2,
          baseline: cs.baseline,
          files: [{ path: "src/a.txt", added: 3, removed: 3 }],
          patch: "changeset.v2.patch",
          frozenAt: new Date().toISOString(),
        },
      ],
    }));
    const p = await openPopup(sb, ["verdict", w.label], {
      cwd: w.workspace.parentDir,
      env: { LESS: "-F" },
      name: "review4",
      size: [80, 24],
    });
    await p.waitFor(/Change set v2 \(v1: \+1 −1\)/, "the card names both versions");
    await p.keys("d");
    await p.waitFor(/review v2 \(v1: \+1 −1\)/, "the review view of v2");
    await p.keys("i");
    const inter = await p.waitFor(/\(END\)/, "the interdiff in less");
    // less -X leaves the review view's rows above: what less shows starts at its title.
    const shown = inter.slice(inter.indexOf(`${w.label} · v1 → v2`));
    expect(shown).toContain(`${w.label} · v1 → v2`);
    expect(shown).toMatch(/^-line25$/m);
    expect(shown).toMatch(/^\+LINE25$/m);
    expect(shown).not.toMatch(/LINE20|LINE2$/m);
    expect(shown.match(/^@@/gm)).toHaveLength(1);
    await p.keys("q");
    await p.waitFor(/^(?![\s\S]*\(END\))[\s\S]*review v2/, "back on the review view");
    await p.keys("q");
    await p.waitFor(/Accept\s+· promote the change set/, "back on the card");
  });
});
