// How the extension loads: twice is harmless, outside a worker it is inert, and a model that
// answers HTTP 500 fails the worker and shuts pi down.
import { afterEach, describe, expect, it } from "vitest";
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../helpers/sandbox.js";
import { EXTENSION, makeWorld, waitFor, type World } from "./extension-world.js";

const TOOLS = ["docket_todos", "docket_wait", "docket_done", "docket_fail", "docket_spawn_child", "docket_note"];

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("worker extension loading", () => {
  it("loading the extension twice registers each tool once and still works", async () => {
    world = await makeWorld([
      {
        steps: [
          { tools: [{ name: "docket_todos", args: { items: [{ text: "one", state: "completed" }] } }] },
          { tools: [{ name: "docket_done", args: { summary: "Did it.", evidence: ["x"], scopeConfidence: "clear" } }] },
        ],
      },
    ]);
    const w = world;
    // pi already skips a repeated path (even through a symlink), so the second load is a real copy
    // of the build: two module instances, as when a user also installed docket's extension globally.
    const copy = join(w.sb.dir, "dist-copy");
    cpSync(join(ROOT, "dist"), copy, { recursive: true });
    await w.launch({ extensions: [EXTENSION, join(copy, "extension.js")] });
    const ready = await waitFor(() => (w.status().state === "ready" ? w.status() : undefined), 30_000, "ready");
    expect(ready.todos).toHaveLength(1);
    const tools = w.server.requests[0]!.tools;
    for (const t of TOOLS) expect(tools.filter((x) => x === t)).toHaveLength(1);
    const system = JSON.stringify(w.server.requests[0]!.messages[0]);
    expect(system.split("docket worker protocol")).toHaveLength(2); // guardrails appended once
    const todoEvents = readFileSync(w.paths.events, "utf8")
      .split("\n")
      .filter((l) => l.includes('"kind":"todo"'));
    expect(todoEvents).toHaveLength(1);
  });

  it("without DOCKET_WORKER_ID it registers nothing and touches no record", async () => {
    world = await makeWorld([{ steps: [{ text: "hello" }] }]);
    const w = world;
    await w.launch({ noWorkerId: true });
    await waitFor(() => w.server.requests.length > 0, 30_000, "pi to call the model");
    const tools = w.server.requests[0]!.tools;
    expect(tools.length).toBeGreaterThan(0); // pi's own tools are there
    expect(tools.filter((t) => t.startsWith("docket_"))).toEqual([]);
    expect(JSON.stringify(w.server.requests[0]!.messages[0])).not.toContain("docket worker protocol");
    expect(w.status().state).toBe("starting");
    expect(w.status().heartbeatAt).toBeUndefined();
  });

  it("a model answering HTTP 500 fails the worker with the error and pi exits", async () => {
    world = await makeWorld([{ steps: [], after: { error: 500, message: "upstream exploded" } }]);
    const w = world;
    await w.launch();
    const failed = await waitFor(() => (w.status().state === "failed" ? w.status() : undefined), 30_000, "failed");
    expect(failed.failure?.reason).toContain("upstream exploded");
    await waitFor(() => w.paneDead(), 20_000, "pi to exit");
    expect(w.status().state).toBe("failed");
  });
});
