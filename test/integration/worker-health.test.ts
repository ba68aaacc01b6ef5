// Must-show 2 (issue 9): a pi that cannot run its model is never shown as a healthy worker. A model
// server answering 401, and a pi with no API key at all, both end `failed` with pi's own words, the
// status line counts them, and `docket doctor` names what is missing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeDrill, settleAndCleanup, type Drill } from "../helpers/drill.js";
import { makeRepo, makeSandbox, waitFor, type Sandbox } from "../helpers/sandbox.js";
import { listWorkers } from "../../src/store/workers.js";

describe("honest worker health", () => {
  let d: Drill;
  beforeAll(async () => {
    d = await makeDrill([{ match: "AUTH-401", steps: [], after: { error: 401, message: "invalid x-api-key" } }]);
    // No retries to wait through: a 401 is not retried by pi anyway, this only keeps other errors short.
    writeFileSync(join(d.sb.agentDir, "settings.json"), JSON.stringify({ retry: { enabled: false } }));
  });
  afterAll(async () => d?.cleanup());

  const statusLine = async () => (await d.sb.tmux("show-options", "-gv", "@docket_status")).trim();

  it("a model server answering 401 fails the worker with pi's error text", async () => {
    const { label } = await d.spawn("AUTH-401: do anything");
    const w = await d.waitState(label, (s) => s.state === "failed", "failed", 60_000);
    expect(w.failure?.reason).toMatch(/^model error: .*401/);
    expect(w.failure?.reason).toContain("invalid x-api-key");
    await waitFor(async () => (await statusLine()).includes("✗ 1"), 15_000, "✗ 1 in @docket_status");
  });

  it("a pi with no API key for its model fails with pi's words, and doctor names the missing model", async () => {
    // A built-in provider with no key anywhere in this sandbox's environment. Named with --model, spawn
    // refuses it up front (pi --list-models lists only models it has a key for) and creates nothing.
    const refused = await d.sb.docket(
      ["spawn", "--model", "anthropic/claude-sonnet-4-5", "--", "NO-KEY: do anything"],
      { cwd: d.repo },
    );
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr.trim()).toBe(
      "docket: model anthropic/claude-sonnet-4-5 is not one pi knows; pi --list-models lists them",
    );
    // As worker.model (not checked at spawn; doctor's to check) pi itself fails the worker.
    writeFileSync(
      join(d.sb.agentDir, "docket.json"),
      JSON.stringify({ worker: { model: "anthropic/claude-sonnet-4-5" } }),
    );
    const { label } = await d.spawn("NO-KEY: do anything");
    expect(label).toBe("w2");
    const w = await d.waitState(label, (s) => s.state === "failed", "failed", 60_000);
    expect(w.failure?.reason).toMatch(/^pi cannot run its model: .*No API key found for anthropic/);
    await waitFor(async () => (await statusLine()).includes("✗ 2"), 15_000, "✗ 2 in @docket_status");
    const inbox = await d.sb.docket(["inbox", "--plain"], { cwd: d.repo });
    expect(inbox.stdout).toMatch(new RegExp(`${label}\\s+failed`));

    const doc = JSON.parse((await d.sb.docket(["doctor", "--json"], { cwd: d.repo })).stdout) as {
      checks: Array<{ name: string; level: string; detail: string }>;
    };
    expect(doc.checks.find((c) => c.name === "model")).toMatchObject({
      level: "fail",
      detail: expect.stringContaining(
        'worker.model "anthropic/claude-sonnet-4-5" is not one pi can use (it can: fake/fake-model)',
      ),
    });
    writeFileSync(join(d.sb.agentDir, "docket.json"), JSON.stringify({ worker: { model: "fake/fake-model" } }));
    const ok = JSON.parse((await d.sb.docket(["doctor", "--json"], { cwd: d.repo })).stdout) as {
      checks: Array<{ name: string; level: string }>;
    };
    expect(ok.checks.find((c) => c.name === "model")).toMatchObject({ level: "ok" });
  });
});

describe("a pi whose extension never loads", () => {
  let sb: Sandbox;
  let repo: string;
  beforeAll(async () => {
    sb = makeSandbox({ DOCKET_EXTENSION_GRACE_MS: "3000" });
    // Stands in for a pi that starts, prints why it could not load docket's extension, and carries on.
    const fake = join(sb.dir, "pi-without-extension");
    writeFileSync(
      fake,
      "#!/bin/sh\necho 'Error: Failed to load extension dist/pi/extension.js: boom'\nexec sleep 600\n",
    );
    chmodSync(fake, 0o755);
    sb.env.DOCKET_PI = fake;
    repo = await makeRepo(join(sb.dir, "repo"));
    await sb.startServer();
  });
  afterAll(async () => sb && settleAndCleanup(sb));

  it("fails instead of sitting at starting, with what pi printed", async () => {
    const r = await sb.docket(["spawn", "--", "anything"], { cwd: repo });
    expect(r.exitCode, r.stderr).toBe(0);
    const w = await waitFor(
      () => listWorkers(sb.home).workers.find((x) => x.state === "failed"),
      30_000,
      "the worker to fail",
    );
    expect(w.failure?.reason).toBe(
      "docket's extension never loaded in pi (3 s): Error: Failed to load extension dist/pi/extension.js: boom",
    );
  });
});
