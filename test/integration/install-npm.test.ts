// Issue 10, the npm route: the packed tarball installs globally into a temp prefix, `docket` is on that
// PATH, `docket doctor` passes its tool checks, only runtime files ship, and `docket tmux-init` loads
// the plugin on a (private) tmux server from the installed package.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeSandbox, ROOT, waitFor, type Sandbox } from "../helpers/sandbox.js";

let sb: Sandbox;
let prefix: string;
let bin: string;

beforeAll(async () => {
  sb = makeSandbox();
  prefix = join(sb.dir, "prefix");
  const packDir = join(sb.dir, "pack");
  mkdirSync(packDir, { recursive: true });
  // Not `prepare` (the build): the suite built already, and rebuilding dist/ under the other test files
  // running at the same time would pull their docket out from under them.
  const packed = await execa("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", packDir], {
    cwd: ROOT,
    env: { ...process.env, npm_config_loglevel: "error" },
  });
  const tgz = join(packDir, String(packed.stdout).trim().split("\n").pop()!);
  await execa("npm", ["install", "-g", "--prefix", prefix, "--no-audit", "--no-fund", "--prefer-offline", tgz], {
    env: { ...process.env, npm_config_loglevel: "error" },
  });
  bin = join(prefix, "bin", "docket");
  // A model pi can use, so doctor's model line has something to find.
  writeFileSync(
    join(sb.agentDir, "models.json"),
    JSON.stringify({
      providers: {
        fake: {
          baseUrl: "http://127.0.0.1:9/v1",
          api: "openai-completions",
          apiKey: "x",
          models: [{ id: "fake-model" }],
        },
      },
    }),
  );
  await sb.startServer();
}, 240_000);
afterAll(async () => sb?.cleanup());

describe("npm install -g of the packed tarball", () => {
  it("ships only runtime files", () => {
    const pkg = join(prefix, "lib", "node_modules", "docket");
    const top = readdirSync(pkg).sort();
    expect(top).toEqual(expect.arrayContaining(["bin", "dist", "docket.tmux", "package.json", "README.md"]));
    for (const devOnly of ["src", "test", "tsconfig.json", "scripts", ".ci"]) expect(top).not.toContain(devOnly);
    expect(existsSync(join(pkg, "dist", "dev"))).toBe(false);
    expect(existsSync(join(pkg, "node_modules", "@mariozechner"))).toBe(false); // no devDependencies
  });

  it("puts docket on PATH and doctor's tool checks pass", async () => {
    const env = { ...sb.env, PATH: `${join(prefix, "bin")}:${sb.env.PATH}` };
    const which = await execa("sh", ["-c", "command -v docket"], { env, extendEnv: false });
    expect(String(which.stdout).trim()).toBe(bin);
    const r = await execa("docket", ["doctor", "--json"], { env, extendEnv: false, reject: false, cwd: sb.dir });
    const checks = (JSON.parse(String(r.stdout)) as { checks: Array<{ name: string; level: string; detail: string }> })
      .checks;
    for (const name of ["tmux", "node", "git", "pi", "model", "build"]) {
      expect(
        checks.find((c) => c.name === name),
        `${name}: ${JSON.stringify(checks)}`,
      ).toMatchObject({ level: "ok" });
    }
  });

  it("tmux-init loads the plugin from the installed package", async () => {
    const path = await execa(bin, ["tmux-init", "--path"], { env: sb.env, extendEnv: false });
    expect(String(path.stdout).trim()).toBe(join(prefix, "lib", "node_modules", "docket", "docket.tmux"));
    await sb.tmux("run-shell", `${bin} tmux-init`);
    await waitFor(
      async () => (await sb.tmux("show-options", "-gv", "@docket_plugin")).trim() === "ok",
      15_000,
      "@docket_plugin ok",
    );
    expect((await sb.tmux("list-keys", "-T", "prefix")).toString()).toContain("docket");
  });
});
