// core/stdout.ts writes with write(2) on fd 1: the whole text arrives, in order, whatever stdout is; a full
// non-blocking pipe hands the rest to process.stdout; a closed pipe ends the command quietly.
import { spawn, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { bundleSnippet } from "../helpers/child-module.js";

// 64 KiB lines of one letter each, 24 of them (1.5 MiB): more than a pipe holds.
const writer = bundleSnippet(`
import { out } from "../../src/core/stdout.js";
for (let i = 0; i < 24; i++) out(String.fromCharCode(97 + i).repeat(65535) + "\\n");
out("end\\n");
`);

function expected(): string {
  let s = "";
  for (let i = 0; i < 24; i++) s += `${String.fromCharCode(97 + i).repeat(65535)}\n`;
  return `${s}end\n`;
}

/** Run the writer with stdout a pipe read only after `delayMs`, optionally made non-blocking first. */
function runSlowReader(nonBlocking: boolean, delayMs: number): Promise<{ code: number | null; out: string }> {
  // python3 sets O_NONBLOCK on the pipe, then execs node with it as fd 1 (node's own spawn makes it blocking).
  const args = nonBlocking
    ? [
        "-c",
        "import fcntl,os,sys; fl=fcntl.fcntl(1,fcntl.F_GETFL); fcntl.fcntl(1,fcntl.F_SETFL,fl|os.O_NONBLOCK); " +
          "os.execvp(sys.argv[1], sys.argv[1:])",
        process.execPath,
        writer,
      ]
    : [writer];
  const child = spawn(nonBlocking ? "python3" : process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  child.stdout.pause();
  const chunks: Buffer[] = [];
  child.stdout.on("data", (b: Buffer) => chunks.push(b));
  setTimeout(() => child.stdout.resume(), delayMs);
  return new Promise((resolve) =>
    child.on("close", (code) => resolve({ code, out: Buffer.concat(chunks).toString("utf8") })),
  );
}

describe("out", () => {
  it("writes everything, in order, to a pipe read slowly", async () => {
    const r = await runSlowReader(false, 300);
    expect(r.code).toBe(0);
    expect(r.out === expected()).toBe(true);
  });

  it("finishes through process.stdout when a non-blocking pipe is full", async () => {
    const r = await runSlowReader(true, 300);
    expect(r.code).toBe(0);
    expect(r.out.length).toBe(expected().length);
    expect(r.out === expected()).toBe(true);
  });

  it("ends quietly (exit 0, nothing on stderr) when the reader has gone", () => {
    // pipefail: the pipeline's status is the writer's own when it fails.
    const r = spawnSync("bash", ["-c", `set -o pipefail; "${process.execPath}" "${writer}" | head -c 10 >/dev/null`], {
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
