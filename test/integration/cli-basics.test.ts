// Small CLI surface: --version, shell completion.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, ROOT, type Sandbox } from "../helpers/sandbox.js";

describe("cli basics", () => {
  let sb: Sandbox;
  beforeAll(() => {
    sb = makeSandbox();
  });
  afterAll(async () => {
    await sb?.cleanup();
  });

  it("--version prints the package version", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const r = await sb.docket(["--version"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it("completion prints a shell script whose completions list the verbs", async () => {
    const script = await sb.docket(["completion"]);
    expect(script.exitCode, script.stderr).toBe(0);
    expect(script.stdout).toContain("docket --get-yargs-completions");
    const words = (await sb.docket(["--get-yargs-completions", "docket", ""])).stdout.split("\n");
    for (const v of ["inbox", "verdict", "attach", "doctor"]) expect(words, v).toContain(v);
  });
});
