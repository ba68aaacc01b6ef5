// Run bookkeeping in a real pi: a turn that ends without a protocol call → idle + exactly one
// reminder (or none when worker.reminder is off); a model error waits for pi's own retries.
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REMINDER_TEXT } from "../../src/pi/lifecycle.js";
import { makeWorld, waitFor, type World } from "./extension-world.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

function stateEvents(w: World): string[] {
  return readFileSync(w.paths.events, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { kind: string; payload: { to?: string } })
    .filter((e) => e.kind === "state")
    .map((e) => e.payload.to!);
}

describe("worker extension lifecycle", () => {
  it("a turn without a protocol call → idle and one reminder; the reminded worker finishes", async () => {
    world = await makeWorld([
      {
        steps: [
          { text: "I looked around." },
          {
            tools: [{ name: "docket_done", args: { summary: "Looked.", evidence: ["ls"], scopeConfidence: "clear" } }],
          },
        ],
      },
    ]);
    const w = world;
    await w.launch();
    await waitFor(() => w.status().state === "ready", 30_000, "ready");
    expect(w.server.requests).toHaveLength(2);
    expect(w.server.requests[1]!.lastUser).toBe(REMINDER_TEXT);
    expect(stateEvents(w)).toEqual(["active", "idle", "active", "ready"]);
    expect(w.status().remindedAt).toBeUndefined(); // re-armed by the protocol call
  });

  it("with worker.reminder off the worker just goes idle", async () => {
    world = await makeWorld([{ steps: [{ text: "I looked around." }] }]);
    const w = world;
    writeFileSync(join(w.sb.agentDir, "docket.json"), JSON.stringify({ worker: { reminder: false } }));
    await w.launch();
    await waitFor(() => w.status().state === "idle", 30_000, "idle");
    // A heartbeat-free check that nothing else was sent: the answer artifact is the last thing written.
    await waitFor(() => readFileSync(w.paths.events, "utf8").includes('"type":"answer"'), 5000, "answer captured");
    expect(w.server.requests).toHaveLength(1);
    expect(w.status().remindedAt).toBeUndefined();
  });

  it("a retryable model error waits for pi's retry before failing the worker", async () => {
    world = await makeWorld([{ steps: [], after: { error: 503, message: "overloaded, try later" } }]);
    const w = world;
    writeFileSync(
      join(w.sb.agentDir, "settings.json"),
      JSON.stringify({ retry: { enabled: true, maxRetries: 1, baseDelayMs: 50, provider: { maxRetries: 0 } } }),
    );
    await w.launch();
    const failed = await waitFor(() => (w.status().state === "failed" ? w.status() : undefined), 40_000, "failed");
    expect(failed.failure?.reason).toContain("overloaded, try later");
    expect(w.server.requests).toHaveLength(2); // the first attempt and pi's one retry
    await waitFor(() => w.paneDead(), 20_000, "pi to exit");
  });
});
