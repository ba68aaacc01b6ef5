// The child-process runner under git/git.ts (no shell, never throws).
import { describe, expect, it } from "vitest";
import { runProc, runProcSync, stripFinalNewline } from "../../src/core/proc.js";

describe("runProc", () => {
  it("passes argv without a shell, feeds input, keeps stdout and stderr apart", async () => {
    const r = await runProc(
      process.execPath,
      ["-e", "process.stdin.pipe(process.stdout); process.stderr.write(process.argv[1])", "$(echo hi); `x`"],
      { input: "in\n" },
    );
    expect(r).toEqual({ stdout: "in\n", stderr: "$(echo hi); `x`", exitCode: 0 });
  });
  it("reports exit codes, signals and programs that cannot start", async () => {
    expect((await runProc(process.execPath, ["-e", "process.exit(3)"])).exitCode).toBe(3);
    expect((await runProc(process.execPath, ["-e", "process.kill(process.pid, 'SIGTERM')"])).exitCode).toBe(143);
    expect(await runProc("docket-no-such-program", [])).toMatchObject({
      exitCode: 127,
      errorCode: "ENOENT",
      stdout: "",
      stderr: "",
    });
    expect(runProcSync("docket-no-such-program", [])).toMatchObject({ exitCode: 127, errorCode: "ENOENT" });
    expect(runProcSync(process.execPath, ["-e", "console.log('x')"])).toEqual({
      stdout: "x\n",
      stderr: "",
      exitCode: 0,
    });
  });
  it("stdin is /dev/null without input", async () => {
    expect(
      (
        await runProc(process.execPath, [
          "-e",
          "let n=0;process.stdin.on('data',b=>n+=b.length).on('end',()=>console.log(n))",
        ])
      ).stdout,
    ).toBe("0\n");
  });
  it("strips one final newline like execa", () => {
    expect(stripFinalNewline("a\n\n")).toBe("a\n");
    expect(stripFinalNewline("a\r\n")).toBe("a");
    expect(stripFinalNewline("a")).toBe("a");
  });
});
