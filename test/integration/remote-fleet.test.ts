// Remote workers end to end (issue 14), over a real OpenSSH server on 127.0.0.1: `spawn --host loop`
// runs the worker in the remote's own tmux; its question reaches the local inbox and status line; a
// reply reaches its model exactly once, with the remote's receipts mirrored; its change set is accepted
// into the local repo; one ssh connection serves it all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { openQuestions } from "../../src/core/lifecycle.js";
import { listMessages } from "../../src/store/inbox.js";
import { workerPaths } from "../../src/store/layout.js";
import { waitFor } from "../helpers/sandbox.js";
import { sshdAvailable } from "../helpers/sshd.js";
import { makeRemoteWorld, type RemoteWorld } from "../helpers/remote-world.js";

const QUESTION = "REMOTE-Q: rename the file or keep it?";

describe.skipIf(!sshdAvailable())("remote workers over ssh (skipped: /usr/sbin/sshd not installed)", () => {
  let rw: RemoteWorld;
  beforeAll(async () => {
    rw = await makeRemoteWorld([
      {
        match: "REMOTE-TASK",
        steps: [
          { tools: [{ name: "docket_wait", args: { question: QUESTION, options: ["rename", "keep"] } }] },
          {
            tools: [
              { name: "edit", args: { path: "src/a.txt", edits: [{ oldText: "two", newText: "TWO (remote)" }] } },
            ],
          },
          {
            tools: [
              {
                name: "docket_done",
                args: { outcome: "completed", summary: "edited a.txt remotely", evidence: ["edited src/a.txt"] },
              },
            ],
          },
        ],
        after: { text: "done" },
      },
    ]);
  });
  afterAll(async () => rw?.cleanup());

  it("asks, is answered once, and its change set lands in the local repo", async () => {
    // A dirty, untracked file in the parent travels with the baseline.
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(rw.repo, "notes.txt"), "untracked note\n");
    const { label, id } = await rw.spawn("REMOTE-TASK: edit a file on the remote");

    // The worker runs in the remote's tmux, not the local one.
    const remoteWindows = await waitFor(
      async () => (await rw.remoteTmux("list-windows", "-a", "-F", "#{window_name}").catch(() => "")) || undefined,
      30_000,
      "a window on the remote tmux",
    );
    expect(remoteWindows).toMatch(/w\d+/);
    const localWindows = await rw.sb.tmux("list-windows", "-a", "-F", "#{session_name}");
    expect(localWindows).not.toContain("docket-workers");
    const remoteRecord = rw.remoteWorker(id);
    expect(remoteRecord?.workspace.path.startsWith(rw.remoteHome)).toBe(true);
    expect(readFileSync(join(remoteRecord!.workspace.path, "notes.txt"), "utf8")).toBe("untracked note\n");

    // Its question reaches the local mirror, the inbox and the status line.
    const asked = await rw.waitState(label, (s) => s.state === "needs_input", "asks");
    expect(openQuestions(asked)[0]?.text).toBe(QUESTION);
    expect(asked.host?.name).toBe("loop");
    const inbox = await rw.sb.docket(["inbox", "--plain"], { cwd: rw.repo });
    expect(inbox.stdout).toContain(QUESTION.slice(0, 30));
    const status = await waitFor(
      async () => {
        const s = await rw.sb.tmux("show-options", "-gqv", "@docket_status");
        return /\?\s*1|1\s*\?/.test(s) || s.includes("?1") ? s : undefined;
      },
      20_000,
      "@docket_status to count the question",
    );
    expect(status).toBeTruthy();

    // The reply reaches the remote model exactly once, and the receipts are the remote mailbox's.
    const told = await rw.sb.docket(["tell", label, "--", "rename it"], { cwd: rw.repo });
    expect(told.exitCode, told.stderr).toBe(0);
    await waitFor(
      () => rw.model.requests.find((r) => r.lastUser === "rename it"),
      30_000,
      "the model to read the reply",
    );
    const ready = await rw.waitState(label, (s) => s.state === "ready" && !!s.changeSet, "finishes with a change set");
    // Exactly once in the conversation the model last saw (every later request repeats the history).
    const last = rw.model.requests.at(-1)!;
    const userTexts = last.messages.filter((m) => m.role === "user").map((m) => JSON.stringify(m.content));
    expect(userTexts.filter((t) => t.includes("rename it"))).toHaveLength(1);
    const mirrored = await waitFor(
      () =>
        listMessages(workerPaths(rw.sb.home, id).inbox)
          .messages.map((m) => m.msg)
          .find((m) => m.text === "rename it" && m.readAt),
      20_000,
      "the mirrored receipt",
    );
    expect(mirrored.deliveredAt).toBeTruthy();
    expect(ready.changeSet?.files.map((f) => f.path)).toEqual(["src/a.txt"]);

    // Accept applies the remote change set to the local working tree.
    const accepted = await rw.sb.docket(["verdict", label, "--accept"], { cwd: rw.repo });
    expect(accepted.exitCode, accepted.stderr).toBe(0);
    expect(readFileSync(join(rw.repo, "src/a.txt"), "utf8")).toBe("one\nTWO (remote)\n");
    const diff = (await execa("git", ["status", "--porcelain"], { cwd: rw.repo })).stdout;
    expect(diff).toContain("src/a.txt");

    // Events mirrored byte for byte.
    await waitFor(
      () =>
        readFileSync(workerPaths(rw.sb.home, id).events, "utf8") ===
          readFileSync(workerPaths(rw.remoteHome, id).events, "utf8") || undefined,
      20_000,
      "the events mirror to catch up",
    );
    // One ssh connection for the whole exchange.
    expect(rw.ssh.acceptedConnections()).toBe(1);
  });
});
