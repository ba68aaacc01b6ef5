// publishFleet against a real private tmux server, from fixture status files (no pi needed):
// the global outputs, window states, the skip when nothing changed, and `docket status`.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeSandbox, type Sandbox } from "../helpers/sandbox.js";
import { writeNewStatus, updateStatus } from "../../src/store/workers.js";
import type { WorkerStatus } from "../../src/core/schema.js";
import { forgetPublished, publishFleetResult } from "../../src/tmux/publish.js";
import { forgetServerOptions } from "../../src/tmux/options.js";

function fixture(label: string, index: number, state: WorkerStatus["state"], extra: Partial<WorkerStatus> = {}): WorkerStatus {
  const now = new Date().toISOString();
  return {
    version: 1, id: `task-${index}-abcd`, label, index, kind: "default", task: `task ${index}`, state, runToken: "r",
    project: "/p", createdAt: now, updatedAt: now, lastActivityAt: now, depth: 0, todos: [], questions: [],
    workspace: { type: "parent", path: "/p", parentDir: "/p" },
    tmux: { session: "docket-workers", windowName: label },
    ...extra,
  } as WorkerStatus;
}

describe("publishFleet on a real tmux server", () => {
  let sb: Sandbox;
  beforeEach(async () => {
    sb = makeSandbox();
    await sb.startServer();
    forgetPublished();
    forgetServerOptions();
  });
  afterEach(async () => sb.cleanup());

  const opt = async (name: string) => (await sb.tmux("show-options", "-gv", name)).trim();

  it("sets the summary and counts, marks worker windows, and skips unchanged publishes", async () => {
    const win = (await sb.tmux("new-window", "-d", "-P", "-F", "#{window_id}", "-t", "main", "-n", "w1")).trim();
    const asked = new Date().toISOString();
    writeNewStatus(sb.home, fixture("w1", 1, "needs_input", { question: { text: "run migrations now?", askedAt: asked }, tmux: { session: "main", windowName: "w1", windowId: win } }));
    writeNewStatus(sb.home, fixture("w2", 2, "ready", { result: { outcome: "completed", summary: "ok", evidence: [], recommended: [], at: asked } }));
    writeNewStatus(sb.home, fixture("w3", 3, "active", { tmux: { session: "main", windowName: "w3", windowId: "@999" } }));

    const first = publishFleetResult(sb.home, sb.env);
    expect(first).toMatchObject({ published: true, reason: "sent" });
    expect(await opt("@docket_status")).toBe("#[fg=yellow,bold]? 1#[default] #[fg=green]✓ 1#[default] ● 1");
    expect([await opt("@docket_waiting"), await opt("@docket_ready"), await opt("@docket_failed"), await opt("@docket_running")]).toEqual(["1", "1", "0", "1"]);
    // A window that no longer exists (@999) did not stop the rest of the command list.
    expect((await sb.tmux("show-options", "-wv", "-t", win, "@docket_state")).trim()).toBe("needs_input");
    expect((await sb.tmux("show-options", "-wv", "-t", win, "@docket_icon")).trim()).toBe("?");

    expect(publishFleetResult(sb.home, sb.env).reason).toBe("unchanged");

    updateStatus(sb.home, "task-1-abcd", (s) => ({ ...s, state: "active", question: { ...s.question!, answeredAt: new Date().toISOString() } }));
    expect(publishFleetResult(sb.home, sb.env).reason).toBe("sent");
    expect(await opt("@docket_waiting")).toBe("0");
    expect(await opt("@docket_status")).toBe("#[fg=green]✓ 1#[default] ● 2");
    expect((await sb.tmux("show-options", "-wv", "-t", win, "@docket_state")).trim()).toBe("active");
  });

  it("honours the user's format options", async () => {
    await sb.tmux("set-option", "-g", "@docket-style-failed", "none");
    await sb.tmux("set-option", "-g", "@docket-icon-failed", "FAIL");
    await sb.tmux("set-option", "-g", "@docket-status-format", "[{failed}]");
    writeNewStatus(sb.home, fixture("w1", 1, "failed", { failure: { reason: "boom", at: new Date().toISOString() } }));
    publishFleetResult(sb.home, sb.env);
    expect(await opt("@docket_status")).toBe("[FAIL 1]");
  });

  it("does nothing, and does not throw, without a tmux server", async () => {
    await sb.tmux("kill-server");
    writeNewStatus(sb.home, fixture("w1", 1, "active"));
    expect(publishFleetResult(sb.home, sb.env)).toMatchObject({ published: false, reason: "no-server" });
  });

  it("docket status prints the same summary, with who needs you", async () => {
    writeNewStatus(sb.home, fixture("w1", 1, "needs_input", { question: { text: "run migrations now?", askedAt: new Date().toISOString() } }));
    writeNewStatus(sb.home, fixture("w2", 2, "failed", { failure: { reason: "tests broke", at: new Date().toISOString() } }));
    const r = await sb.docket(["status"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.split("\n").slice(0, 3)).toEqual(["? 1 ✗ 1", "  w1   asks   run migrations now?", "  w2   failed tests broke"]);
    const j = JSON.parse((await sb.docket(["status", "--json", "--publish"])).stdout);
    expect(j).toMatchObject({ waiting: 1, failed: 1, ready: 0, running: 0, text: "? 1 ✗ 1" });
    expect(await opt("@docket_failed")).toBe("1");
  });
});
