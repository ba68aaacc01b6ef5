// Review comments back to a real pi worker, and the revision they lead to: the worker edits two files
// and calls docket_done (v1); comments on both hunks go back as ONE user message, verbatim; the worker
// edits again and calls docket_done (v2). v1 stays on disk and in the record, and the interdiff
// between the versions (computed out of place) holds only the second edit.
import { afterEach, describe, expect, it } from "vitest";
import { execaSync } from "execa";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { makeWorld, waitFor, type World } from "./extension-world.js";
import { parseDiff, hunkText, reviewMessage } from "../../src/core/review.js";
import { interdiff } from "../../src/git/interdiff.js";
import { addComment, readComments } from "../../src/store/review.js";
import { updateStatus } from "../../src/store/workers.js";
import { sendReview } from "../../src/workers/review.js";
import type { InboxMessage } from "../../src/core/schema.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("review comments and change set versions", () => {
  it("comments on two hunks reach the model in one message; the revision is v2 with v1 kept; the interdiff is only the second edit", async () => {
    world = await makeWorld(
      [
        {
          match: "Polish the greeting",
          steps: [
            {
              tools: [
                { name: "edit", args: { path: "src/app.txt", edits: [{ oldText: "hello", newText: "hello world" }] } },
                {
                  name: "edit",
                  args: { path: "README.md", edits: [{ oldText: "# demo", newText: "# demo project" }] },
                },
              ],
            },
            {
              tools: [
                {
                  name: "docket_done",
                  args: {
                    outcome: "completed",
                    summary: "Polished the greeting and the title.",
                    evidence: ["edited src/app.txt", "edited README.md"],
                    scopeConfidence: "clear",
                  },
                },
              ],
            },
            // After the review comments arrive:
            {
              tools: [
                {
                  name: "edit",
                  args: { path: "src/app.txt", edits: [{ oldText: "hello world", newText: "hello, world" }] },
                },
              ],
            },
            {
              tools: [
                {
                  name: "docket_done",
                  args: {
                    outcome: "completed",
                    summary: "Added the comma the review asked for.",
                    evidence: ["edited src/app.txt"],
                    scopeConfidence: "clear",
                  },
                },
              ],
            },
          ],
        },
      ],
      { writable: true, task: "Polish the greeting" },
    );
    const w = world;
    await w.launch();
    const v1 = await waitFor(() => (w.status().state === "ready" ? w.status() : undefined), 60_000, "ready with v1");
    expect(v1.changeSet).toMatchObject({ version: 1, patch: "changeset.patch" });
    expect(v1.changeSets?.map((v) => [v.version, v.patch])).toEqual([[1, "changeset.v1.patch"]]);
    const v1Patch = readFileSync(join(w.paths.dir, "changeset.v1.patch"), "utf8");
    expect(v1Patch).toBe(readFileSync(w.paths.patch, "utf8"));

    // Two comments, one per hunk (the person's review view writes these same records).
    const d = parseDiff(v1Patch);
    expect(d.hunks.map((h) => h.path).sort()).toEqual(["README.md", "src/app.txt"]);
    const app = d.hunks.find((h) => h.path === "src/app.txt")!;
    const readme = d.hunks.find((h) => h.path === "README.md")!;
    addComment(w.sb.home, w.id, {
      version: 1,
      path: "src/app.txt",
      line: 1,
      hunk: app.header,
      hunkText: hunkText(d, app),
      comment: 'Use `hello, world` — with a comma, as in "K&R".',
    });
    addComment(w.sb.home, w.id, {
      version: 1,
      path: "README.md",
      hunk: readme.header,
      hunkText: hunkText(d, readme),
      comment: "The title is fine as it is.",
    });
    const expected = reviewMessage(readComments(w.sb.home, w.id), 1);

    // tell needs the worker's pane to check that its pi is alive.
    const paneId = (await w.sb.tmux("display-message", "-p", "-t", "docket-workers:w1", "#{pane_id}")).trim();
    const current = updateStatus(w.sb.home, w.id, (s) => ({ ...s, tmux: { ...s.tmux, paneId } }));
    const before = w.server.requests.length;
    const sent = await sendReview(w.sb.home, current, w.sb.env);
    expect(sent).toMatchObject({ count: 2, version: 1 });
    expect(sent.tell.via).toBe("extension");
    // Marked sent with the message's id; only one message is in the inbox.
    expect(readComments(w.sb.home, w.id).map((c) => c.messageId)).toEqual([sent.tell.messageId, sent.tell.messageId]);
    const inbox = readdirSync(w.paths.inbox).filter((f) => f.endsWith(".json"));
    expect(inbox).toHaveLength(1);
    expect((JSON.parse(readFileSync(join(w.paths.inbox, inbox[0]!), "utf8")) as InboxMessage).text).toBe(expected);

    await waitFor(() => w.server.requests.length > before, 30_000, "the comments to reach the model");
    // The first request after the send carries them verbatim, as ONE user message.
    const req = w.server.requests[before]!;
    expect(req.lastUser).toBe(expected);
    const userTexts = req.messages.filter((m) => m.role === "user").map((m) => JSON.stringify(m.content));
    expect(userTexts.filter((t) => t.includes("[docket review]"))).toHaveLength(1);
    expect(expected).toContain("src/app.txt:1");
    expect(expected).toContain("+hello world");
    expect(expected).toContain("+# demo project");

    const v2 = await waitFor(
      () => {
        const s = w.status();
        return s.state === "ready" && s.changeSet?.version === 2 ? s : undefined;
      },
      60_000,
      "ready with v2",
    );
    expect(v2.result?.summary).toBe("Added the comma the review asked for.");
    expect(v2.changeSets?.map((v) => [v.version, v.patch])).toEqual([
      [1, "changeset.v1.patch"],
      [2, "changeset.v2.patch"],
    ]);
    // v1 is kept as it was; v2's patch is the current change set.
    expect(readFileSync(join(w.paths.dir, "changeset.v1.patch"), "utf8")).toBe(v1Patch);
    const v2Patch = readFileSync(join(w.paths.dir, "changeset.v2.patch"), "utf8");
    expect(readFileSync(w.paths.patch, "utf8")).toBe(v2Patch);
    expect(v2Patch).toContain("+hello, world");
    expect(v2Patch).toContain("+# demo project");
    expect(v2.changeSets![0]!.files.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: "README.md", added: 1, removed: 1 },
      { path: "src/app.txt", added: 1, removed: 1 },
    ]);

    // The interdiff: only the second edit, and the person's repo is untouched by computing it.
    const repo = v2.workspace.parentDir;
    const objectsBefore = execaSync("git", ["-C", repo, "count-objects", "-v"]).stdout;
    const statusBefore = execaSync("git", ["-C", repo, "status", "--porcelain"]).stdout;
    const inter = await interdiff(v2, w.paths.dir, v2.changeSets![0]!, v2.changeSets![1]!);
    expect(inter).toMatch(/^-hello world\n\+hello, world$/m);
    expect(inter).not.toContain("README.md");
    expect(inter.match(/^diff --git/gm)).toHaveLength(1);
    expect(execaSync("git", ["-C", repo, "count-objects", "-v"]).stdout).toBe(objectsBefore);
    expect(execaSync("git", ["-C", repo, "status", "--porcelain"]).stdout).toBe(statusBefore);
    expect(existsSync(join(w.paths.dir, "changeset.v3.patch"))).toBe(false);
  });
});
