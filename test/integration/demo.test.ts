// `npm run demo -- --headless` builds the whole scripted fleet on a private server, prints the
// status line and the ranked inbox, exits 0 and removes everything it created.
import { execa } from "execa";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeSandbox, ROOT } from "../helpers/sandbox.js";

describe("demo --headless", () => {
  const sb = makeSandbox();
  afterAll(async () => sb.cleanup());

  it("reaches every state, prints status and inbox, and cleans up", async () => {
    // TMPDIR inside the sandbox: the demo's own temp world lands there, so nothing can leak.
    const r = await execa("node", [join(ROOT, "dist", "dev", "demo.js"), "--headless"], {
      env: { ...sb.env, TMPDIR: sb.dir },
      extendEnv: false,
      reject: false,
      stdin: "ignore",
      timeout: 150_000,
    });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const out = String(r.stdout);
    const status = /status line \(@docket_status\): (.*)/.exec(out)?.[1] ?? "";
    expect(status).toMatch(/\? 1/);
    expect(status).toMatch(/✗ 1/);
    expect(status).toMatch(/✓ 2/);
    expect(status).toMatch(/● 1/);
    const rows = out.split("inbox (docket inbox --plain):")[1]!.trim().split("\n");
    // Ranked: the question first, then the failure, then the two results, then the running worker.
    expect(rows.map((l) => l.split(/\s{2,}/)[1])).toEqual(["needs input", "failed", "ready", "ready", "active"]);
    expect(out).toMatch(/adjacent w\d: src\/greet\.js/);
    expect(out).toContain("exit 137");
    // Everything the demo made is gone: no temp world, no tmux socket left behind.
    expect(readdirSync(sb.dir).filter((n) => n.startsWith("docket-demo-"))).toEqual([]);
  });
});
