// tmux/panes.ts paneState against a real tmux server: tmux 3.3 answers display-message for a pane that
// is gone with empty formats and exit 0, which the launch wrapper's harvest once read as "still alive".
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { paneState } from "../../src/tmux/panes.js";
import { makeSandbox, waitFor, type Sandbox } from "../helpers/sandbox.js";

let sb: Sandbox;
beforeEach(async () => {
  sb = makeSandbox();
  await sb.startServer();
});
afterEach(async () => sb.cleanup());

async function paneOf(session: string, cmd: string): Promise<string> {
  await sb.tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", cmd);
  await sb.tmux("set-option", "-w", "-t", `=${session}:`, "remain-on-exit", "on");
  return (await sb.tmux("list-panes", "-t", `=${session}:`, "-F", "#{pane_id}")).trim();
}

describe("paneState", () => {
  it("tells a running pane, a dead one kept by remain-on-exit, and one that is gone", async () => {
    const alive = await paneOf("a", "sleep 600");
    expect(await paneState(alive, sb.env)).toBe("alive");

    const ends = await paneOf("b", "sleep 600");
    await sb.tmux("kill-session", "-t", "=b");
    expect(await paneState(ends, sb.env)).toBe("gone");

    const dies = await paneOf("c", "sleep 600");
    await sb.tmux("respawn-pane", "-k", "-t", dies, "true");
    await waitFor(async () => (await paneState(dies, sb.env)) === "dead", 15000, "the pane to die");

    expect(await paneState("%999", sb.env)).toBe("gone");
    await sb.tmux("kill-server");
    expect(await paneState(alive, sb.env)).toBe("gone");
  });
});
