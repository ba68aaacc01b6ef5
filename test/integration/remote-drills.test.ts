// Remote workers under trouble (issue 14 Must-show 3 and 4), over a real OpenSSH server: the ssh master
// killed while the worker is producing events (it keeps running; the mirror catches up with every
// event exactly once); hostile task and reply text reaching the remote model byte for byte; a garbage
// remote record named, not taken; a host that does not answer is one mark on the status line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { controlPath } from "../../src/remote/ssh.js";
import { workerPaths } from "../../src/store/layout.js";
import { writeNewStatus } from "../../src/store/workers.js";
import { waitFor } from "../helpers/sandbox.js";
import { sshdAvailable } from "../helpers/sshd.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";
import { makeRemoteWorld, type RemoteWorld } from "../helpers/remote-world.js";

const HOSTILE = `HOSTILE-TASK it's "quoted" $(touch /tmp/pwned-docket) \`id\` ; rm -rf / ;\n\tnew line\\n ${"x".repeat(200)}`;
const REPLY = `reply: 'single' "double" $(whoami) \`uname\` $HOME ; exit 1\nsecond line\n${"é€😀".repeat(10)}${"y".repeat(50_000)}`;

const steps = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ tools: [{ name: "bash", args: { command: `sleep 0.4; echo step-${i}` } }] }));

describe.skipIf(!sshdAvailable())("remote workers under trouble (skipped: /usr/sbin/sshd not installed)", () => {
  let rw: RemoteWorld;
  beforeAll(async () => {
    rw = await makeRemoteWorld([
      {
        match: "DROP-TASK",
        steps: [
          ...steps(8),
          {
            tools: [
              {
                name: "docket_done",
                args: { outcome: "findings", summary: "ran 8 steps", evidence: ["8 echo lines"] },
              },
            ],
          },
        ],
        after: { text: "done" },
      },
      {
        match: "OUTAGE-TASK",
        steps: [
          { tools: [{ name: "bash", args: { command: "sleep 4; echo worked-through-the-outage" } }] },
          { tools: [{ name: "docket_wait", args: { question: "OUTAGE-Q: asked while you were away" } }] },
        ],
        after: { text: "ok" },
      },
      {
        match: "GARBAGE-TASK",
        steps: [{ tools: [{ name: "docket_wait", args: { question: "GARBAGE-Q: still there?" } }] }],
        after: { text: "ok" },
      },
      {
        match: "HOSTILE-TASK",
        steps: [{ tools: [{ name: "docket_wait", args: { question: "HOSTILE-Q: go on?" } }] }],
        after: { text: "ok" },
      },
    ]);
  });
  afterAll(async () => rw?.cleanup());
  beforeAll(async () => {
    // Set before any follower starts (long-lived processes read the server's options at most every 30 s).
    const notified = join(rw.sb.dir, "notified.txt");
    await rw.sb.tmux("set-option", "-g", "@docket-notify-command", `printf '%s|%s\\n' "$1" "$2" >> '${notified}'`);
  });

  it("keeps running when the ssh master dies, and the mirror gets every event exactly once", async () => {
    const { label, id } = await rw.spawn("DROP-TASK: run eight slow steps");
    const local = workerPaths(rw.sb.home, id).events;
    const remote = workerPaths(rw.remoteHome, id).events;
    await waitFor(
      () => (readFileSync(local, "utf8").includes('"tool"') ? true : undefined),
      30_000,
      "a tool event mirrored",
    );
    // Kill the master connection mid-run (what a dropped network or a sleeping laptop does to it).
    const cfg = rw.ssh.configFile;
    const check = await execa(
      "ssh",
      ["-F", cfg, "-o", `ControlPath=${controlPath(rw.sb.home, "loop")}`, "-O", "check", "loop"],
      {
        reject: false,
      },
    );
    const pid = Number(/pid=(\d+)/.exec(check.stderr)?.[1]);
    expect(pid, check.stderr).toBeGreaterThan(0);
    process.kill(pid, "SIGKILL");
    const remoteDone = await waitFor(
      () => rw.remoteWorker(id)?.state === "ready" || undefined,
      60_000,
      "the remote worker to finish",
    );
    expect(remoteDone).toBe(true);
    const mirrored = await rw.waitState(label, (s) => s.state === "ready", "ready in the mirror", 60_000);
    expect(mirrored.result?.summary).toBe("ran 8 steps");
    await waitFor(
      () => (readFileSync(local, "utf8") === readFileSync(remote, "utf8") ? true : undefined),
      30_000,
      "the events mirror to equal the remote's",
    );
    const lines = readFileSync(local, "utf8").trim().split("\n");
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.filter((l) => l.includes('"tool"')).length).toBeGreaterThanOrEqual(8);
    // It reconnected: a second connection after the kill, no more.
    expect(rw.ssh.acceptedConnections()).toBe(2);
  });

  it("carries hostile task and reply text to the remote model byte for byte", async () => {
    const { label } = await rw.spawn(HOSTILE);
    const first = await waitFor(
      () => rw.model.requests.find((r) => r.lastUser.includes("HOSTILE-TASK")),
      30_000,
      "the first prompt",
    );
    expect(first.lastUser).toContain(`[docket task]\n${HOSTILE}\n`);
    await rw.waitState(label, (s) => s.state === "needs_input", "asks");
    const told = await rw.sb.docket(["tell", label, "-"], { cwd: rw.repo, input: REPLY });
    expect(told.exitCode, told.stderr).toBe(0);
    const got = await waitFor(() => rw.model.requests.find((r) => r.lastUser === REPLY), 30_000, "the reply");
    expect(got.lastUser).toBe(REPLY);
    expect(() => readFileSync("/tmp/pwned-docket")).toThrow();
  });

  it("names a garbage remote record and keeps the mirror as it was", async () => {
    const { label, id } = await rw.spawn("GARBAGE-TASK: a record broken later");
    const asked = await rw.waitState(label, (s) => s.state === "needs_input", "asks");
    writeFileSync(workerPaths(rw.remoteHome, id).status, '{"state": "$(rm -rf ~)", garbage');
    const r = await rw.sb.docket(["hosts", "pull", "loop"], { cwd: rw.repo });
    expect(r.stdout).toContain(`loop:${id}/status.json: invalid JSON`);
    // Ordinary commands say it too (the follower's pulls hit it as well), naming host, worker and file.
    const listed = await rw.sb.docket(["workers"], { cwd: rw.repo });
    expect(listed.stderr).toContain(`loop:${id}/status.json: invalid JSON`);
    const kept = rw.worker(label)!;
    expect(kept.state).toBe("needs_input");
    expect(kept.question?.text).toBe(asked.question?.text);
  });

  it("shows the host unreachable while the network is down, and catches up after", async () => {
    // What happened meanwhile is notified once, after the reconnect (the person's notify command).
    const notified = join(rw.sb.dir, "notified.txt");
    const { label, id } = await rw.spawn("OUTAGE-TASK: work while the laptop sleeps");
    await waitFor(
      () => (readFileSync(workerPaths(rw.sb.home, id).events, "utf8").includes('"tool"') ? true : undefined),
      30_000,
      "the worker to start its slow step",
    );
    // The network goes: new connections hang (the listener is stopped) and the master dies.
    const sshd = Number(readFileSync(join(rw.ssh.dir, "sshd.pid"), "utf8"));
    process.kill(sshd, "SIGSTOP");
    const check = await execa(
      "ssh",
      ["-F", rw.ssh.configFile, "-o", `ControlPath=${controlPath(rw.sb.home, "loop")}`, "-O", "check", "loop"],
      { reject: false },
    );
    const master = Number(/pid=(\d+)/.exec(check.stderr)?.[1]);
    if (master > 0) process.kill(master, "SIGKILL");
    try {
      const away = await waitFor(
        async () => {
          const s = await rw.sb.tmux("show-options", "-gqv", "@docket_status");
          return s.includes("loop unreachable") ? s : undefined;
        },
        60_000,
        "the status line to mark the host",
      );
      expect(away).toContain("loop unreachable");
      // The remote worker goes on meanwhile.
      await waitFor(
        () => (rw.remoteWorker(id)?.state === "needs_input" ? true : undefined),
        60_000,
        "the remote to ask",
      );
      expect(rw.worker(label)?.state).not.toBe("needs_input");
    } finally {
      process.kill(sshd, "SIGCONT");
    }
    // Back: the follower reconnects from the mirror's cursor; the question arrives, the mark goes.
    const asked = await rw.waitState(label, (s) => s.state === "needs_input", "asks after the outage", 90_000);
    expect(asked.question?.text).toBe("OUTAGE-Q: asked while you were away");
    await waitFor(
      () =>
        existsSync(notified)
          ? readFileSync(notified, "utf8")
              .split("\n")
              .filter((l) => l.startsWith(`${label}|`))
          : undefined,
      30_000,
      "the notification",
    );
    await waitFor(
      async () => {
        const s = await rw.sb.tmux("show-options", "-gqv", "@docket_status");
        return s.includes("unreachable") ? undefined : s;
      },
      60_000,
      "the mark to go",
    );
    await waitFor(
      () =>
        readFileSync(workerPaths(rw.sb.home, id).events, "utf8") ===
        readFileSync(workerPaths(rw.remoteHome, id).events, "utf8")
          ? true
          : undefined,
      30_000,
      "every event, once",
    );
    expect(
      readFileSync(notified, "utf8")
        .split("\n")
        .filter((l) => l.startsWith(`${label}|needs_input`)),
    ).toHaveLength(1);
  });

  it("marks a host that does not answer once on the status line", async () => {
    const added = await rw.sb.docket(["hosts", "add", "dead", "ssh://root@127.0.0.1:1"]);
    expect(added.exitCode, added.stderr).toBe(0);
    writeNewStatus(rw.sb.home, fixtureStatus(90, { id: "far-away-0001", host: { name: "dead" }, project: rw.repo }));
    const listed = await rw.sb.docket(["workers"], { cwd: rw.repo });
    expect(listed.exitCode, listed.stderr).toBe(0);
    const status = await waitFor(
      async () => {
        const s = await rw.sb.tmux("show-options", "-gqv", "@docket_status");
        return s.includes("dead unreachable") ? s : undefined;
      },
      30_000,
      "the unreachable mark",
    );
    expect(status.match(/dead unreachable/g)).toHaveLength(1);
    const hosts = await rw.sb.docket(["hosts"]);
    expect(hosts.stdout).toMatch(/^dead\s.*unreachable/m);
    expect(hosts.stdout).toMatch(/^loop\s.*reachable\s+docket 0\.1\.0/m);
  });
});
