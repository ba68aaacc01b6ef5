// Every verb on a remote worker (issue 14), over a real OpenSSH server: show and search read the
// mirror; peek shows the remote pane; attach opens a local window onto the remote worker's window;
// stop, respawn and delete act on the remote and the mirror follows; save bundles its evidence.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { workerPaths } from "../../src/store/layout.js";
import { openPopup } from "../helpers/popup-pane.js";
import { waitFor } from "../helpers/sandbox.js";
import { sshdAvailable } from "../helpers/sshd.js";
import { makeRemoteWorld, type RemoteWorld } from "../helpers/remote-world.js";

describe.skipIf(!sshdAvailable())("verbs on a remote worker (skipped: /usr/sbin/sshd not installed)", () => {
  let rw: RemoteWorld;
  beforeAll(async () => {
    rw = await makeRemoteWorld([
      {
        match: "VERBS-TASK",
        steps: [
          { tools: [{ name: "bash", args: { command: "echo SEARCHABLE-MARKER-42" } }] },
          { tools: [{ name: "docket_wait", args: { question: "VERBS-Q: may I go on?" } }] },
        ],
        after: { text: "resumed after respawn" },
      },
    ]);
  });
  afterAll(async () => rw?.cleanup());

  it("show, search, peek, attach, save, stop, respawn and delete", async () => {
    const { label, id } = await rw.spawn("VERBS-TASK: be looked at");
    await rw.waitState(label, (s) => s.state === "needs_input", "asks");

    const show = await rw.sb.docket(["show", label], { cwd: rw.repo });
    expect(show.exitCode, show.stderr).toBe(0);
    expect(show.stdout).toContain("VERBS-Q: may I go on?");
    expect(show.stdout).toMatch(new RegExp(`^${label} ${id} · needs input · \\S+ · on loop`, "m"));
    const listed = await rw.sb.docket(["workers"], { cwd: rw.repo });
    expect(listed.stdout).toMatch(new RegExp(`^${label}\\s.*@loop VERBS-TASK`, "m"));
    const search = await waitFor(
      async () => {
        const r = await rw.sb.docket(["search", "SEARCHABLE-MARKER-42"], { cwd: rw.repo });
        return r.stdout.includes(label) ? r : undefined;
      },
      20_000,
      "search to find the mirrored command output",
    );
    expect(search.exitCode).toBe(0);

    // Peek: the remote pane, captured on the host (the command's output shows in pi's pane there).
    const marker = "SEARCHABLE-MARKER-42";
    await waitFor(
      async () =>
        (await rw.remoteTmux("capture-pane", "-p", "-t", rw.remoteWorker(id)!.tmux.paneId!)).includes(marker)
          ? true
          : undefined,
      30_000,
      "the marker in the remote pane",
    );
    const peek = await openPopup(rw.sb, ["peek", label], { cwd: rw.repo, name: "peek" });
    const screen = await peek.waitFor(/SEARCHABLE-MARKER-42/, "the remote pane in peek", 30_000);
    expect(screen).toContain(`peek ${label}`);
    await peek.keys("q");

    // Attach: a local window onto the remote worker's window, through ssh.
    const att = await openPopup(rw.sb, ["attach", label], { cwd: rw.repo, name: "attacher" });
    const win = await waitFor(
      async () => {
        const list = await rw.sb.tmux("list-windows", "-a", "-F", "#{window_name} #{pane_id}");
        return list.split("\n").find((l) => l.startsWith(`${label}@loop `));
      },
      30_000,
      "the wN@loop window",
    );
    const pane = win.split(" ")[1]!;
    await waitFor(
      async () => ((await rw.sb.tmux("capture-pane", "-p", "-t", pane)).includes(marker) ? true : undefined),
      30_000,
      "the remote window through attach",
    );
    void att;

    const saved = await rw.sb.docket(["save", "--from", label, "--all"], { cwd: rw.repo });
    expect(saved.exitCode, saved.stderr).toBe(0);

    const stopped = await rw.sb.docket(["stop", label], { cwd: rw.repo });
    expect(stopped.exitCode, stopped.stderr).toBe(0);
    await rw.waitState(label, (s) => s.state === "stopped", "stopped in the mirror");
    await waitFor(() => (rw.remoteWorker(id)?.state === "stopped" ? true : undefined), 30_000, "stopped on the remote");

    const respawned = await rw.sb.docket(["respawn", label], { cwd: rw.repo });
    expect(respawned.exitCode, respawned.stderr).toBe(0);
    await rw.waitState(label, (s) => s.state !== "stopped" && s.state !== "starting", "running again");

    const deleted = await rw.sb.docket(["delete", label], { cwd: rw.repo });
    expect(deleted.exitCode, deleted.stderr).toBe(0);
    expect(existsSync(workerPaths(rw.sb.home, id).dir)).toBe(false);
    await waitFor(() => (rw.remoteWorker(id) ? undefined : true), 30_000, "gone on the remote");
    expect(existsSync(workerPaths(rw.remoteHome, id).dir)).toBe(false);
  });
});
