// The remote command line and the master's socket path (src/remote/ssh.ts, docs/remote.md "Security
// model"), without ssh: the string remoteCommand builds is what the remote's login shell parses, so it
// is run here through `sh -c` and the words the shell sees are compared with the intended argv; and
// controlPath keeps sockets in a short dir of this user's, mode 0700, or refuses.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fnv1a32 } from "../../src/core/hash.js";
import { controlPath, remoteCommand } from "../../src/remote/ssh.js";
import type { Host } from "../../src/store/hosts.js";

let tmp: string;
let savedTmp: string | undefined;
beforeEach(() => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), "docket-rssh-")));
  savedTmp = process.env.TMPDIR;
});
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(tmp, { recursive: true, force: true });
});

const HOSTILE = `it's "q" $(touch PWNED) \`touch PWNED2\` $HOME ; exit 3\nsecond line\t*`;

function host(over: Partial<Host> = {}): Host {
  return { name: "loop", destination: "loop", command: ["docket"], env: {}, addedAt: "2025-01-01T00:00:00Z", ...over };
}

/** The words `sh` parses out of a command line (NUL-separated, so a newline inside a word survives). */
function words(line: string): string[] {
  const out = execFileSync("sh", ["-c", `printf '%s\\0' ${line}`], { cwd: tmp, encoding: "utf8" });
  return out.split("\0").slice(0, -1);
}

describe("remoteCommand", () => {
  it("quotes every word: the shell sees exactly env K=V…, the command, remote, op", () => {
    const dir = join(tmp, "dir with space");
    const h = host({
      env: { A: HOSTILE, EMPTY: "", B: "$(id)" },
      dir: `${dir}/$(x)`,
      command: [join(dir, "my docket"), "--flag=a b"],
    });
    expect(words(remoteCommand(h, ["attach", "w1-abcd"]))).toEqual([
      "env",
      `A=${HOSTILE}`,
      "EMPTY=",
      "B=$(id)",
      `DOCKET_HOME=${dir}/$(x)`,
      join(dir, "my docket"),
      "--flag=a b",
      "remote",
      "attach",
      "w1-abcd",
    ]);
    expect(existsSync(join(tmp, "PWNED"))).toBe(false);
    expect(existsSync(join(tmp, "PWNED2"))).toBe(false);
  });

  it("runs: the program at a path with spaces gets the variables and its words byte for byte", () => {
    const dir = join(tmp, "dir with space");
    mkdirSync(dir);
    const prog = join(dir, "show args");
    writeFileSync(prog, `#!/bin/sh\nprintf '%s\\0' "$A" "$DOCKET_HOME" "$@"\n`, { mode: 0o755 });
    const h = host({ env: { A: HOSTILE }, dir: "/x y/'z'", command: [prog, "%s\\n"] });
    const out = execFileSync("sh", ["-c", remoteCommand(h, ["pull"])], { cwd: tmp, encoding: "utf8" });
    expect(out.split("\0").slice(0, -1)).toEqual([HOSTILE, "/x y/'z'", "%s\\n", "remote", "pull"]);
    expect(existsSync(join(tmp, "PWNED"))).toBe(false);
    expect(existsSync(join(tmp, "PWNED2"))).toBe(false);
  });

  it("printf as the command prints the words after it, one a line", () => {
    const h = host({ env: { K: "v w" }, command: ["printf", "%s\\n"] });
    const out = execFileSync("sh", ["-c", remoteCommand(h, ["hello"])], { encoding: "utf8" });
    expect(out).toBe("remote\nhello\n");
  });

  it("has no env word without variables", () => {
    expect(words(remoteCommand(host(), ["hello"]))).toEqual(["docket", "remote", "hello"]);
  });

  it("refuses a bad variable name and an empty command", () => {
    for (const k of ["A B", "1A", "A;rm -rf /", "A=B", "$(x)", ""])
      expect(() => remoteCommand(host({ env: { [k]: "v" } }), ["hello"]), k).toThrow(/bad variable name/);
    expect(() => remoteCommand(host({ command: [] }), ["hello"])).toThrow(/empty command/);
  });
});

describe("controlPath", () => {
  it("is short and under the store for a short store path, in a 0700 dir", () => {
    const home = join(tmp, "home");
    const p = controlPath(home, "loop");
    expect(p).toBe(join(home, "ssh", "loop"));
    expect(p.length).toBeLessThan(104);
    expect(statSync(join(home, "ssh")).mode & 0o777).toBe(0o700);
  });

  it("moves to a private tmp dir when the store path is long", () => {
    process.env.TMPDIR = tmp;
    const home = join(tmp, "h".repeat(120));
    const p = controlPath(home, "some-host.name");
    const dir = join(tmp, `docket-ssh-${process.getuid!()}-${fnv1a32(home)}`);
    expect(p).toBe(join(dir, "some-host.name"));
    expect(p.length).toBeLessThan(104);
    expect(p.startsWith(home)).toBe(false);
    const st = statSync(dir);
    expect(st.mode & 0o777).toBe(0o700);
    expect(st.uid).toBe(process.getuid!());
    // A second store with a long path gets a dir of its own.
    expect(controlPath(join(tmp, "g".repeat(120)), "some-host.name")).not.toBe(p);
  });

  it("refuses a tmp dir with group or other bits, or owned by someone else", () => {
    process.env.TMPDIR = tmp;
    const home = join(tmp, "k".repeat(120));
    const dir = join(tmp, `docket-ssh-${process.getuid!()}-${fnv1a32(home)}`);
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    expect(() => controlPath(home, "loop")).toThrow(/not a private dir of ours/);
    chmodSync(dir, 0o750);
    expect(() => controlPath(home, "loop")).toThrow(/mode 750/);
    chmodSync(dir, 0o700);
    expect(controlPath(home, "loop")).toBe(join(dir, "loop"));
    // Another owner: only root can make one here (chown); everyone else skips this half.
    if (process.getuid!() === 0) {
      chownSync(dir, 65534, 65534);
      expect(() => controlPath(home, "loop")).toThrow(/owner 65534/);
      chownSync(dir, 0, 0);
    }
  });
});
