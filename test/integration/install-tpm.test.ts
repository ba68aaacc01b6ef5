// Issue 10, the TPM route: a fresh clone (what TPM makes of the plugin line) with no build, loaded with
// run-shell on a private tmux server, installs its runtime dependencies and builds by itself (no
// devDependencies), says so on the way, then binds the keys; prefix A runs the clone's own docket.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { makeSandbox, ROOT, waitFor, type Sandbox } from "../helpers/sandbox.js";

let sb: Sandbox;
let plugin: string;

beforeAll(async () => {
  sb = makeSandbox();
  plugin = join(sb.dir, "tmux-plugins", "docket");
  await execa("git", ["clone", "-q", ROOT, plugin]);
  // The person's PATH has node and npm; npm's cache is the person's own (a warm one, here).
  sb.env.PATH = process.env.PATH;
  if (process.env.npm_config_cache) sb.env.npm_config_cache = process.env.npm_config_cache;
  sb.env.HOME = process.env.HOME;
  await sb.startServer();
});
afterAll(async () => sb?.cleanup());

describe("TPM-style install", () => {
  it("builds on first load without devDependencies, then binds prefix A to the clone's docket", async () => {
    expect(existsSync(join(plugin, "dist"))).toBe(false);
    await sb.tmux("run-shell", join(plugin, "docket.tmux"));
    // On the way: the plugin says it is installing (status option and a message).
    const first = (await sb.tmux("show-options", "-gv", "@docket_plugin")).trim();
    expect(first === "ok" || first.startsWith("installing") || first === "installed").toBe(true);
    await waitFor(
      async () => (await sb.tmux("show-options", "-gv", "@docket_plugin")).trim() === "ok",
      240_000,
      "the plugin to finish installing and load",
    );
    expect(existsSync(join(plugin, "dist", "docket.cjs"))).toBe(true);
    expect(existsSync(join(plugin, "node_modules", "esbuild"))).toBe(true);
    for (const dev of ["typescript", "vitest", "@mariozechner"])
      expect(existsSync(join(plugin, "node_modules", dev)), dev).toBe(false);
    const keyA = await sb.tmux("list-keys", "-T", "prefix", "A");
    expect(keyA).toContain(join(plugin, "bin", "docket"));
    expect(keyA).toContain("inbox");
    const inbox = await execa(join(plugin, "bin", "docket"), ["inbox", "--plain"], {
      env: sb.env,
      extendEnv: false,
      reject: false,
      cwd: sb.dir,
    });
    expect(inbox.exitCode, String(inbox.stderr)).toBe(0);
  }, 300_000);
});
