// runFzfWhile (inbox): fzf gets every row and EOF before the deferred work runs; results parse like
// runFzf's; a missing fzf and a failing deferred step end cleanly. A stand-in fzf script plays fzf.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FZF_MISSING, runFzfWhile } from "../../src/ui/fzf.js";
import { makeSandbox, type Sandbox } from "../helpers/sandbox.js";

let sb: Sandbox;
let bin: string;
let savedPath: string | undefined;

function stub(body: string): void {
  writeFileSync(join(bin, "fzf"), `#!/bin/sh\n${body}\n`);
  chmodSync(join(bin, "fzf"), 0o755);
}

beforeAll(() => {
  sb = makeSandbox();
  bin = join(sb.dir, "bin");
  mkdirSync(bin, { recursive: true });
  savedPath = process.env.PATH;
  process.env.PATH = `${bin}:${savedPath ?? ""}`;
});
afterAll(async () => {
  process.env.PATH = savedPath;
  await sb.cleanup();
});

describe("runFzfWhile", () => {
  it("hands fzf all rows, runs the deferred work, and parses the expected key and selection", async () => {
    const got = join(sb.dir, "rows");
    // Like fzf --expect: the key line, then the selected row (here the second one it was given).
    stub(`cat > '${got}'\nprintf 'r\\n'\nsed -n 2p '${got}'\nexit 0`);
    let ran = 0;
    const r = await runFzfWhile({ rows: ["0\tfirst", "1\tsecond"], args: [], expect: ["r"] }, () => ran++);
    expect(ran).toBe(1);
    expect(readFileSync(got, "utf8")).toBe("0\tfirst\n1\tsecond\n");
    expect(r).toEqual({ key: "r", selected: ["1\tsecond"] });
  });

  it("reports Esc (exit 130) as abort", async () => {
    stub("cat >/dev/null\nexit 130");
    expect(await runFzfWhile({ rows: ["0\tx"], args: [] }, () => undefined)).toEqual({ key: "abort", selected: [] });
  });

  it("says fzf is missing when it is not on PATH", async () => {
    const saved = process.env.PATH;
    process.env.PATH = join(sb.dir, "empty");
    try {
      await expect(runFzfWhile({ rows: ["0\tx"], args: [] }, () => undefined)).rejects.toThrow(FZF_MISSING);
    } finally {
      process.env.PATH = saved;
    }
  });

  it("stops fzf and rethrows when the deferred work fails", async () => {
    const pidFile = join(sb.dir, "fzf-pid");
    // A stand-in that would wait a long time for a key: it must be gone once runFzfWhile rejects.
    stub(`echo $$ > '${pidFile}.tmp'\nmv '${pidFile}.tmp' '${pidFile}'\ncat >/dev/null\nexec sleep 30`);
    await expect(
      runFzfWhile({ rows: ["0\tx"], args: [] }, () => {
        // Fail only once the stand-in is surely running (it has written its pid).
        for (let i = 0; i < 500 && !existsSync(pidFile); i++)
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        throw new Error("disk full");
      }),
    ).rejects.toThrow("disk full");
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });
});
