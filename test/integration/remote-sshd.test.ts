// The sshd harness for remote workers: a real OpenSSH server on 127.0.0.1 that logs in with its own
// key, multiplexes through a ControlMaster (one accepted connection for many commands), and is gone
// after stop().
import { createConnection } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SshWorld, sshdAvailable, startSshd } from "../helpers/sshd.js";

function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: "127.0.0.1", port });
    s.once("connect", () => {
      s.destroy();
      resolve(false);
    });
    s.once("error", (err: NodeJS.ErrnoException) => resolve(err.code === "ECONNREFUSED"));
  });
}

describe.skipIf(!sshdAvailable())("sshd harness (skipped: /usr/sbin/sshd not installed)", () => {
  let w: SshWorld;
  beforeAll(async () => {
    w = await startSshd();
  });
  afterAll(async () => {
    await w?.stop();
  });

  it("runs a command over ssh with the harness's config", async () => {
    const r = await w.ssh(["loop", "--", process.execPath, "--version"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(process.version);
    // The harness's own readiness logins are not counted: this command is the first.
    expect(w.acceptedConnections()).toBe(1);
    const home = await w.ssh(["loop", "--", 'echo "$HOME"']);
    expect(home.stdout.trim(), home.stderr).toBe(w.remoteHome);
    expect(w.sshEnv).toEqual({ DOCKET_SSH_CONFIG: w.configFile });
  });

  it("a ControlMaster carries several commands over one accepted connection", async () => {
    const before = w.acceptedConnections();
    const cp = ["-o", `ControlPath=${join(w.dir, "cm-%C")}`];
    const master = await w.ssh(["-o", "ControlMaster=yes", ...cp, "-o", "ControlPersist=60", "-fN", "loop"]);
    expect(master.exitCode, master.stderr).toBe(0);
    for (const n of [1, 2, 3]) {
      const r = await w.ssh(["-o", "ControlMaster=no", ...cp, "loop", "--", "echo", `hi-${n}`]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe(`hi-${n}`);
    }
    expect(w.acceptedConnections() - before).toBe(1);
    expect((await w.ssh([...cp, "-O", "check", "loop"])).exitCode).toBe(0);
    const exit = await w.ssh([...cp, "-O", "exit", "loop"]);
    expect(exit.exitCode, exit.stderr).toBe(0);
    expect((await w.ssh([...cp, "-O", "check", "loop"])).exitCode).not.toBe(0);
  });

  it("after stop() the port refuses connections", async () => {
    const { port } = w;
    expect(await portRefuses(port)).toBe(false);
    await w.stop();
    expect(await portRefuses(port)).toBe(true);
  });
});
