// publishFleet against a real private tmux server, from fixture status files (no pi needed):
// the global outputs, window states, the skip when nothing changed, and `docket status`.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { execa } from "execa";
import { join } from "node:path";
import { makeSandbox, ROOT, waitFor, type Sandbox } from "../helpers/sandbox.js";
import { writeNewStatus, updateStatus } from "../../src/store/workers.js";
import type { WorkerStatus } from "../../src/core/schema.js";
import { forgetPublished, publishFleetResult } from "../../src/tmux/publish.js";
import { forgetServerOptions } from "../../src/tmux/options.js";

function fixture(
  label: string,
  index: number,
  state: WorkerStatus["state"],
  extra: Partial<WorkerStatus> = {},
): WorkerStatus {
  const now = new Date().toISOString();
  return {
    version: 1,
    id: `task-${index}-abcd`,
    label,
    index,
    kind: "default",
    task: `task ${index}`,
    state,
    runToken: "r",
    project: "/p",
    createdAt: now,
    updatedAt: now,
    lastActivityAt: now,
    depth: 0,
    todos: [],
    questions: [],
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
    writeNewStatus(
      sb.home,
      fixture("w1", 1, "needs_input", {
        question: { text: "run migrations now?", askedAt: asked },
        tmux: { session: "main", windowName: "w1", windowId: win },
      }),
    );
    writeNewStatus(
      sb.home,
      fixture("w2", 2, "ready", {
        result: { outcome: "completed", summary: "ok", evidence: [], recommended: [], at: asked },
      }),
    );
    writeNewStatus(
      sb.home,
      fixture("w3", 3, "active", { tmux: { session: "main", windowName: "w3", windowId: "@999" } }),
    );

    const first = publishFleetResult(sb.home, sb.env);
    expect(first).toMatchObject({ published: true, reason: "sent" });
    expect(await opt("@docket_status")).toBe("#[bold,reverse]? 1#[default] #[bold]✓ 1#[default] ● 1");
    expect([
      await opt("@docket_waiting"),
      await opt("@docket_ready"),
      await opt("@docket_failed"),
      await opt("@docket_running"),
    ]).toEqual(["1", "1", "0", "1"]);
    // A window that no longer exists (@999) did not stop the rest of the command list.
    expect((await sb.tmux("show-options", "-wv", "-t", win, "@docket_state")).trim()).toBe("needs_input");
    expect((await sb.tmux("show-options", "-wv", "-t", win, "@docket_icon")).trim()).toBe("?");

    expect(publishFleetResult(sb.home, sb.env).reason).toBe("unchanged");

    updateStatus(sb.home, "task-1-abcd", (s) => ({
      ...s,
      state: "active",
      question: { ...s.question!, answeredAt: new Date().toISOString() },
    }));
    expect(publishFleetResult(sb.home, sb.env).reason).toBe("sent");
    expect(await opt("@docket_waiting")).toBe("0");
    expect(await opt("@docket_status")).toBe("#[bold]✓ 1#[default] ● 2");
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
    writeNewStatus(
      sb.home,
      fixture("w1", 1, "needs_input", { question: { text: "run migrations now?", askedAt: new Date().toISOString() } }),
    );
    writeNewStatus(
      sb.home,
      fixture("w2", 2, "failed", { failure: { reason: "tests broke", at: new Date().toISOString() } }),
    );
    const r = await sb.docket(["status"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.split("\n").slice(0, 3)).toEqual([
      "? 1 ✗ 1",
      "  w1   asks   run migrations now?",
      "  w2   failed tests broke",
    ]);
    const j = JSON.parse((await sb.docket(["status", "--json", "--publish"])).stdout);
    expect(j).toMatchObject({ waiting: 1, failed: 1, ready: 0, running: 0, text: "? 1 ✗ 1" });
    expect(await opt("@docket_failed")).toBe("1");
  });

  it("docket next switches the client to the worker that has waited longest", async () => {
    const outer = `${sb.socket}-outer`;
    const outerTmux = (...a: string[]) =>
      execa("tmux", ["-L", outer, ...a], { env: sb.env, extendEnv: false, reject: false });
    try {
      await outerTmux(
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-x",
        "120",
        "-y",
        "30",
        `env -u TMUX tmux -L ${sb.socket} attach -t main`,
      );
      const tty = await waitFor(
        async () => (await sb.tmux("list-clients", "-F", "#{client_tty}")).trim(),
        10_000,
        "a client",
      );
      await sb.tmux("new-session", "-d", "-s", "docket-workers", "-n", "w1");
      const w1 = (await sb.tmux("display-message", "-p", "-t", "docket-workers:w1", "#{window_id}")).trim();
      const w2 = (
        await sb.tmux("new-window", "-d", "-P", "-F", "#{window_id}", "-t", "docket-workers", "-n", "w2")
      ).trim();
      const older = new Date(Date.now() - 60_000).toISOString();
      writeNewStatus(
        sb.home,
        fixture("w1", 1, "needs_input", {
          question: { text: "later one", askedAt: new Date().toISOString() },
          tmux: { session: "docket-workers", windowName: "w1", windowId: w1 },
        }),
      );
      writeNewStatus(
        sb.home,
        fixture("w2", 2, "needs_input", {
          question: { text: "older one", askedAt: older },
          tmux: { session: "docket-workers", windowName: "w2", windowId: w2 },
        }),
      );
      const r = await sb.docket(["next", "--client", tty]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect((await sb.tmux("display-message", "-p", "-c", tty, "#{window_id}")).trim()).toBe(w2);

      updateStatus(sb.home, "task-1-abcd", (s) => ({ ...s, state: "active" }));
      updateStatus(sb.home, "task-2-abcd", (s) => ({ ...s, state: "active" }));
      expect((await sb.docket(["next", "--json"])).stdout.trim()).toBe('{"switched":null}');
    } finally {
      await outerTmux("kill-server");
    }
  });

  it("docket doctor reports the plugin's state and the status line", async () => {
    const before = JSON.parse((await sb.docket(["doctor", "--json"])).stdout) as {
      checks: Array<{ name: string; level: string; detail: string }>;
    };
    expect(before.checks.map((c) => c.name)).toEqual(["tmux", "node", "fzf", "git", "pi", "model", "build", "plugin"]);
    // This sandbox's pi has no provider with a key: doctor says so instead of `ok pi`.
    expect(before.checks.find((c) => c.name === "model")).toMatchObject({
      level: "fail",
      detail: expect.stringContaining("pi has no model it can use"),
    });
    expect(before.checks.find((c) => c.name === "plugin")).toMatchObject({
      level: "warn",
      detail: expect.stringContaining("not loaded on this server"),
    });
    expect(before.checks.find((c) => c.name === "tmux")).toMatchObject({
      level: "ok",
      detail: expect.stringMatching(/^tmux \d/),
    });
    expect(before.checks.find((c) => c.name === "pi")).toMatchObject({ level: "ok" });

    await sb.tmux("set-option", "-g", "status-right", "#{docket_status}");
    await sb.tmux("run-shell", join(ROOT, "docket.tmux"));
    const r = await sb.docket(["doctor"]);
    expect(r.stdout).toMatch(/^(ok|warn)\s+plugin\s+loaded; /m);
    expect(r.stdout).toMatch(/^ok\s+status line\s+shows #\{docket_status\}/m);

    await sb.tmux(
      "set-option",
      "-g",
      "@docket_plugin",
      "error: node v18.0.0 is too old; docket needs Node 20 or newer",
    );
    const bad = await sb.docket(["doctor"]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toMatch(/^fail\s+plugin\s+node v18.0.0 is too old/m);
  });
});
