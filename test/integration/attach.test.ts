// `docket attach [wN]`: inside tmux the client switches to the worker's window (no ref: the workers'
// session); outside it prints the attach command. A real client on a private server, attached from a
// second private server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import { writeNewStatus } from "../../src/store/workers.js";
import { DOCKET_BIN, makeSandbox, waitFor, type Sandbox } from "../helpers/sandbox.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

describe("docket attach", () => {
  let sb: Sandbox;
  let outer: string;
  const outerTmux = (...a: string[]) =>
    execa("tmux", ["-L", outer, ...a], { env: sb.env, extendEnv: false, reject: false });
  const where = async () => (await sb.tmux("list-clients", "-F", "#{client_session}:#{window_name}")).trim();

  beforeAll(async () => {
    sb = makeSandbox();
    await sb.startServer();
    await sb.tmux("new-session", "-d", "-s", "docket-workers", "-n", "w1");
    await sb.tmux("new-window", "-d", "-t", "docket-workers", "-n", "w2");
    writeNewStatus(sb.home, fixtureStatus(1));
    writeNewStatus(sb.home, fixtureStatus(2));
    outer = `${sb.socket}-outer`;
    await outerTmux(
      "-f",
      "/dev/null",
      "new-session",
      "-d",
      "-s",
      "o",
      "-x",
      "120",
      "-y",
      "30",
      `env -u TMUX tmux -L ${sb.socket} attach -t main`,
    );
    await waitFor(async () => (await sb.tmux("list-clients")).trim(), 10_000, "a client on the private server");
  });
  afterAll(async () => {
    if (outer) await outerTmux("kill-server");
    await sb?.cleanup();
  });

  it("outside tmux prints the attach command for the window, or the session", async () => {
    const one = await sb.docket(["attach", "w2"]);
    expect(one.exitCode).toBe(0);
    expect(one.stdout.trim()).toBe(`tmux -L ${sb.socket} attach -t docket-workers:w2`);
    const all = await sb.docket(["attach"]);
    expect(all.stdout.trim()).toBe(`tmux -L ${sb.socket} attach -t docket-workers`);
    expect(await where()).toBe(
      "main:" + (await sb.tmux("display-message", "-p", "-t", "main", "#{window_name}")).trim(),
    );
  });

  it("with a client switches it to the worker's window", async () => {
    const tty = (await sb.tmux("list-clients", "-F", "#{client_tty}")).trim();
    const r = await sb.docket(["attach", "w2", "--client", tty]);
    expect(r.exitCode, r.stderr).toBe(0);
    await waitFor(async () => (await where()) === "docket-workers:w2", 5_000, "the client on w2");
  });

  it("inside tmux (run from a pane) switches to the workers' session", async () => {
    await sb.tmux("switch-client", "-t", "main");
    await waitFor(async () => (await where()).startsWith("main:"), 5_000, "the client back on main");
    await sb.tmux("select-window", "-t", "docket-workers:w1");
    await sb.tmux("send-keys", "-t", "main", `'${DOCKET_BIN}' attach`, "Enter");
    await waitFor(async () => (await where()) === "docket-workers:w1", 10_000, "the client on the workers' session");
  });
});
