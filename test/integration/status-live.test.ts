// Must-show 2: a real worker (real pi, scripted model) asking a question moves @docket_status to `? 1`
// and shows a notification (display-message on the attached client, and @docket-notify-command);
// answering it clears the `?` count. The plugin is loaded as a user would, with run-shell.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { makeDrill, type Drill } from "../helpers/drill.js";
import { ROOT, waitFor } from "../helpers/sandbox.js";

const QUESTION = "run migrations now?";

describe("live status line and notifications", () => {
  let d: Drill;
  let outer: string;
  const outerTmux = (...a: string[]) =>
    execa("tmux", ["-L", outer, ...a], { env: d.sb.env, extendEnv: false, reject: false });
  const opt = async (name: string) => (await d.sb.tmux("show-options", "-gv", name)).trim();

  beforeAll(async () => {
    d = await makeDrill([
      {
        match: "LIVE-STATUS",
        steps: [
          { tools: [{ name: "docket_wait", args: { question: QUESTION, options: ["yes", "no"] } }] },
          { tools: [{ name: "docket_done", args: { summary: "migrations ran", evidence: ["said yes"] } }] },
        ],
        after: { text: "finished" },
      },
    ]);
    outer = `${d.sb.socket}-outer`;
    // A real client on the private server, so display-message has somewhere to go.
    await outerTmux(
      "-f",
      "/dev/null",
      "new-session",
      "-d",
      "-s",
      "o",
      "-x",
      "160",
      "-y",
      "40",
      `env -u TMUX tmux -L ${d.sb.socket} attach -t main`,
    );
    await waitFor(async () => (await d.sb.tmux("list-clients")).trim(), 10_000, "a client on the private server");
    const notified = join(d.sb.dir, "notified.txt");
    // The user's own shell text; the facts arrive as $1..$3, never pasted into it.
    await d.sb.tmux(
      "set-option",
      "-g",
      "@docket-notify-command",
      `printf '%s|%s|%s\\n' "$1" "$2" "$3" >> '${notified}'`,
    );
    await d.sb.tmux("set-option", "-g", "status-right", "#{docket_status} %H:%M");
    await d.sb.tmux("run-shell", join(ROOT, "docket.tmux"));
  });
  afterAll(async () => {
    if (outer) await outerTmux("kill-server");
    await d?.cleanup();
  });

  it("shows the question in the status line and as a notification, and clears it once answered", async () => {
    expect(await opt("status-right")).toBe("#{E:@docket_status} %H:%M");
    expect(await opt("@docket_status")).toBe("·");
    const notified = join(d.sb.dir, "notified.txt");

    const { label } = await d.spawn("LIVE-STATUS: decide about migrations");
    const asked = await d.waitState(label, (s) => s.state === "needs_input", "needs_input");
    // publishFleet runs in the same transition that wrote needs_input; measure how far behind it is.
    const t0 = Date.now();
    await waitFor(async () => (await opt("@docket_waiting")) === "1", 5_000, "@docket_waiting = 1");
    console.log(`@docket_status followed needs_input within ${Date.now() - t0} ms of observing it`);
    expect(await opt("@docket_status")).toContain("? 1");
    const win = asked.tmux.windowId!;
    expect((await d.sb.tmux("show-options", "-wv", "-t", win, "@docket_state")).trim()).toBe("needs_input");

    const line = await waitFor(
      () => existsSync(notified) && readFileSync(notified, "utf8"),
      5_000,
      "the notify command",
    );
    expect(line).toContain(`${label}|needs_input|${label} asks: ${QUESTION}`);
    const messages = await waitFor(
      async () => {
        const m = await d.sb.tmux("show-messages");
        return m.includes(`${label} asks: ${QUESTION}`) && m;
      },
      5_000,
      "display-message on the client",
    );
    expect(messages).toContain(`${label} asks: ${QUESTION}`);

    const told = await d.sb.docket(["tell", label, "yes"], { cwd: d.repo });
    expect(told.exitCode, told.stderr).toBe(0);
    await d.waitState(label, (s) => s.state === "ready", "ready");
    await waitFor(async () => (await opt("@docket_ready")) === "1", 5_000, "@docket_ready = 1");
    expect(await opt("@docket_waiting")).toBe("0");
    expect(await opt("@docket_status")).not.toContain("?");
    expect(await opt("@docket_status")).toContain("✓ 1");
    await waitFor(
      () => readFileSync(notified, "utf8").includes(`${label}|ready|${label} ready: migrations ran`),
      5_000,
      "ready notification",
    );
  });
});
