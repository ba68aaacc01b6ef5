// `docket hosts` and `doctor --host` against a real OpenSSH server on 127.0.0.1 (docs/remote.md
// "Setup"): add, list (reachable, with the versions the remote docket reports), --json, remove; bad
// names and destinations refused in one line; an unknown host named with how to add it; doctor's lines
// for a working remote and what to install for a broken command; `spawn --host` outside a git repo
// refused with nothing left behind; `hosts remove` refused while the host holds workers, `--forget`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { controlPath } from "../../src/remote/ssh.js";
import { hostDir, readHosts } from "../../src/store/hosts.js";
import { workerPaths } from "../../src/store/layout.js";
import { listWorkers, writeNewStatus } from "../../src/store/workers.js";
import { ROOT } from "../helpers/sandbox.js";
import { sshdAvailable } from "../helpers/sshd.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";
import { makeRemoteWorld, type RemoteWorld } from "../helpers/remote-world.js";

const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

/** A refusal: a non-zero exit and one line on stderr, docket's own. */
function oneLine(r: { stderr: string; exitCode: number }): string {
  expect(r.exitCode, r.stderr).not.toBe(0);
  const lines = r.stderr.trim().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^docket: /);
  return lines[0]!;
}

/** doctor's lines: `level  name  detail`, by name. */
function doctorLines(stdout: string): Map<string, { level: string; detail: string }> {
  const m = new Map<string, { level: string; detail: string }>();
  for (const l of stdout.split("\n")) {
    const g = /^(ok|warn|fail|info)\s+(\S+)\s+(.*)$/.exec(l);
    if (g) m.set(g[2]!, { level: g[1]!, detail: g[3]! });
  }
  return m;
}

describe.skipIf(!sshdAvailable())("docket hosts over real ssh (skipped: /usr/sbin/sshd not installed)", () => {
  let rw: RemoteWorld;
  beforeAll(async () => {
    rw = await makeRemoteWorld([]);
  });
  afterAll(async () => rw?.cleanup());

  it("lists loop as reachable with the versions its docket reports, as text and as JSON", async () => {
    const r = await rw.sb.docket(["hosts"]);
    expect(r.exitCode, r.stderr).toBe(0);
    const m = /^loop\s+loop\s+reachable\s+docket (\S+) · node (\S+) · tmux (\S+) · pi (.+)$/m.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(m![1]).toBe(VERSION);
    expect(m![2]).toBe(`v${process.versions.node}`);
    expect(m![3]).not.toBe("?");
    expect(m![4]).not.toBe("?");

    const j = await rw.sb.docket(["hosts", "--json"]);
    expect(j.exitCode, j.stderr).toBe(0);
    const rows = JSON.parse(j.stdout) as {
      name: string;
      destination: string;
      ok: boolean;
      versions: Record<string, string>;
      checks: unknown[];
    }[];
    expect(rows.map((h) => h.name)).toEqual(["loop"]);
    const loop = rows[0]!;
    expect(loop.ok).toBe(true);
    expect(loop.destination).toBe("loop");
    expect(loop.versions.docket).toBe(VERSION);
    expect(loop.versions.node).toBe(`v${process.versions.node}`);
    for (const k of ["tmux", "git", "pi"]) expect(loop.versions[k], k).toBeTruthy();
    expect(loop.checks.length).toBeGreaterThan(0);
  });

  it("doctor --host loop: exit 0 with ssh, docket, tmux, node, git, pi and model", async () => {
    const r = await rw.sb.docket(["doctor", "--host", "loop"]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const lines = doctorLines(r.stdout);
    for (const name of ["ssh", "docket", "tmux", "node", "git", "pi", "model"])
      expect(lines.get(name)?.level, `${name} in\n${r.stdout}`).toBe("ok");
    expect(lines.get("docket")?.detail).toBe(VERSION);
    expect(lines.get("ssh")?.detail).toContain("loop");
    expect([...lines.values()].filter((c) => c.level === "fail")).toEqual([]);
  });

  it("doctor --host on a host whose command is missing: exit 1, the ssh line says what to install", async () => {
    const added = await rw.sb.docket(["hosts", "add", "broken", "loop", "--command", "/nonexistent/docket"]);
    expect(added.exitCode, added.stderr).toBe(0);
    const r = await rw.sb.docket(["doctor", "--host", "broken"]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(1);
    const ssh = doctorLines(r.stdout).get("ssh");
    expect(ssh?.level, r.stdout).toBe("fail");
    expect(ssh?.detail).toContain("/nonexistent/docket");
    expect(ssh?.detail).toContain("install docket on broken");
    expect(ssh?.detail).toContain("--command");
    // Listing says it too, without failing the list; removing it leaves loop alone.
    const list = await rw.sb.docket(["hosts"]);
    expect(list.stdout).toMatch(/^broken\s+loop\s+unreachable\s/m);
    expect(list.stdout).toMatch(/^loop\s+loop\s+reachable\s/m);
    const removed = await rw.sb.docket(["hosts", "remove", "broken"]);
    expect(removed.exitCode, removed.stderr).toBe(0);
    expect(readHosts(rw.sb.home).map((h) => h.name)).toEqual(["loop"]);
    expect(existsSync(hostDir(rw.sb.home, "broken"))).toBe(false);
  });

  it("refuses bad names and destinations in one line, adding nothing", async () => {
    const before = readFileSync(join(rw.sb.home, "hosts.json"), "utf8");
    expect(oneLine(await rw.sb.docket(["hosts", "add", "../x"]))).toContain('bad host name "../x"');
    expect(oneLine(await rw.sb.docket(["hosts", "add", "--", "-o"]))).toContain('bad host name "-o"');
    oneLine(await rw.sb.docket(["hosts", "add", "-o"]));
    expect(oneLine(await rw.sb.docket(["hosts", "add", "x".repeat(41)]))).toContain("bad host name");
    expect(oneLine(await rw.sb.docket(["hosts", "add", "ok", "--", "-oProxyCommand=touch /tmp/x"]))).toContain(
      "bad ssh destination",
    );
    expect(oneLine(await rw.sb.docket(["hosts", "add", "ok", "--env", "A B=1"]))).toContain("--env takes K=V");
    expect(readFileSync(join(rw.sb.home, "hosts.json"), "utf8")).toBe(before);
    expect(existsSync(join(rw.sb.home, "hosts", "x"))).toBe(false);
  });

  it("names an unknown host and says how to add it, for spawn and doctor", async () => {
    for (const args of [
      ["spawn", "--host", "nope", "--", "a task"],
      ["doctor", "--host", "nope"],
    ]) {
      const line = oneLine(await rw.sb.docket(args, { cwd: rw.repo }));
      expect(line).toContain('unknown host "nope"');
      expect(line).toContain("known: loop");
      expect(line).toContain("docket hosts add nope");
    }
    expect(listWorkers(rw.sb.home).workers).toEqual([]);
  });

  it("spawn --host outside a git repo (or one with no commit): one line why, no record left", async () => {
    const plain = join(rw.sb.dir, "plain");
    mkdirSync(plain, { recursive: true });
    const empty = join(rw.sb.dir, "empty-repo");
    mkdirSync(empty, { recursive: true });
    await execa("git", ["init", "-q"], { cwd: empty });
    for (const cwd of [plain, empty]) {
      const line = oneLine(await rw.sb.docket(["spawn", "--host", "loop", "--", "a task"], { cwd }));
      expect(line).toContain("needs a git repo with a commit");
      expect(line).toContain(cwd);
    }
    expect(listWorkers(rw.sb.home).workers).toEqual([]);
    const dir = join(rw.sb.home, "workers");
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    expect(listWorkers(rw.remoteHome).workers).toEqual([]);
  });

  it("hosts remove refuses while the host holds workers; --forget drops the mirrors, then remove loop", async () => {
    const added = await rw.sb.docket(["hosts", "add", "spare", "loop"]);
    expect(added.exitCode, added.stderr).toBe(0);
    const w = fixtureStatus(50, {
      id: "spare-mirror-0001",
      host: { name: "spare" },
      project: rw.repo,
      workspace: { type: "worktree", path: "spare:", parentDir: rw.repo, repoRoot: rw.repo },
    });
    writeNewStatus(rw.sb.home, w);
    const ref = `refs/docket/baselines/${w.id}`;
    await execa("git", ["update-ref", ref, "HEAD"], { cwd: rw.repo });

    const refused = oneLine(await rw.sb.docket(["hosts", "remove", "spare"]));
    expect(refused).toContain("host spare still has workers (w50)");
    expect(refused).toContain("--forget");
    expect(readHosts(rw.sb.home).map((h) => h.name)).toEqual(["loop", "spare"]);
    expect(existsSync(workerPaths(rw.sb.home, w.id).status)).toBe(true);

    const forgot = await rw.sb.docket(["hosts", "remove", "spare", "--forget"]);
    expect(forgot.exitCode, forgot.stderr).toBe(0);
    expect(forgot.stdout).toContain("forgot w50");
    expect(forgot.stdout).toContain("removed host spare");
    expect(existsSync(workerPaths(rw.sb.home, w.id).dir)).toBe(false);
    const refs = await execa("git", ["for-each-ref", "refs/docket/baselines/"], { cwd: rw.repo });
    expect(refs.stdout).not.toContain(w.id);
    expect(readHosts(rw.sb.home).map((h) => h.name)).toEqual(["loop"]);

    // loop has answered above, so its master is up; removing it closes that and its bookkeeping.
    const cp = controlPath(rw.sb.home, "loop");
    const check = () =>
      execa("ssh", ["-F", rw.ssh.configFile, "-o", `ControlPath=${cp}`, "-O", "check", "loop"], {
        reject: false,
        stdin: "ignore",
      });
    expect((await check()).exitCode).toBe(0);
    const removed = await rw.sb.docket(["hosts", "remove", "loop"]);
    expect(removed.exitCode, removed.stderr).toBe(0);
    expect(removed.stdout).toContain("removed host loop");
    expect((await check()).exitCode).not.toBe(0);
    expect(existsSync(hostDir(rw.sb.home, "loop"))).toBe(false);
    const j = await rw.sb.docket(["hosts", "--json"]);
    expect(JSON.parse(j.stdout)).toEqual([]);
    expect((await rw.sb.docket(["hosts"])).stdout).toContain("no hosts: docket hosts add NAME");
  });
});
