// The worker extension inside a real pi, driven by the scripted model, in a private tmux server.
import { afterEach, describe, expect, it } from "vitest";
import { execaSync } from "execa";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeWorld, readJson, waitFor, type World } from "./extension-world.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("worker extension protocol", () => {
  it("todos + wait → needs_input; inbox reply delivered byte-exact; edit + done → ready with the exact change set", async () => {
    const reply = "Use option B — keep `$HOME` and \"quotes\" intact\nsecond line: ünïcode ✓";
    world = await makeWorld(
      [
        {
          match: "Fix the thing",
          steps: [
            { tools: [{ name: "docket_todos", args: { items: [{ text: "read code", state: "completed" }, { text: "ask parent" , state: "in_progress" }] } }] },
            { tools: [{ name: "docket_wait", args: { question: "Which approach?", options: ["A", "B"], recommend: "B", risk: "rewrites app.txt" } }] },
            { tools: [{ name: "edit", args: { path: "src/app.txt", edits: [{ oldText: "hello", newText: "hello world" }] } }] },
            { tools: [{ name: "docket_done", args: { outcome: "completed", summary: "Changed the greeting.\nRecommended:\n- ship it\n- tell the team", evidence: ["edited src/app.txt"], scopeConfidence: "clear" } }] },
          ],
        },
      ],
      { writable: true },
    );
    const w = world;
    await w.launch();
    const asked = await waitFor(() => (w.status().state === "needs_input" ? w.status() : undefined), 30_000, "needs_input");
    expect(asked.question).toMatchObject({ text: "Which approach?", options: ["A", "B"], recommend: "B", risk: "rewrites app.txt" });
    expect(asked.questions).toHaveLength(1);
    expect(asked.todos.map((t) => t.text)).toEqual(["read code", "ask parent"]);
    expect(asked.extensionPid).toBeGreaterThan(0);
    expect(asked.heartbeatAt).toBeTruthy();
    // The tools reached the model, and the guardrails went into the system prompt.
    expect(w.server.requests[0]!.tools).toEqual(expect.arrayContaining(["docket_todos", "docket_wait", "docket_done", "docket_fail", "docket_spawn_child"]));
    const system = JSON.stringify(w.server.requests[0]!.messages[0]);
    expect(system).toContain("docket worker protocol");
    expect(system).toContain(w.paths.task);

    const requestsBefore = w.server.requests.length;
    const msgFile = join(w.paths.inbox, `${Date.now()}-abc123.json`);
    writeFileSync(msgFile, JSON.stringify({ id: "m1", text: reply, from: "parent", createdAt: new Date().toISOString() }));
    await waitFor(() => w.server.requests.length > requestsBefore, 20_000, "the reply to reach the model");
    expect(w.server.requests[requestsBefore]!.lastUser).toBe(reply);

    const ready = await waitFor(() => (w.status().state === "ready" ? w.status() : undefined), 30_000, "ready");
    expect(ready.question).toMatchObject({ answer: reply });
    expect(ready.question!.answeredAt).toBeTruthy();
    expect(ready.result).toMatchObject({ outcome: "completed", summary: "Changed the greeting.", evidence: ["edited src/app.txt"], recommended: ["ship it", "tell the team"], scopeConfidence: "clear" });
    expect(ready.changeSet?.files).toEqual([{ path: "src/app.txt", added: 1, removed: 1 }]);
    const patch = readFileSync(w.paths.patch, "utf8");
    expect(patch).toContain("-hello\n+hello world\n");
    expect(patch.match(/^diff --git/gm)).toHaveLength(1);
    // The patch applies to the parent and reproduces exactly the edit.
    execaSync("git", ["-C", ready.workspace.parentDir, "apply", "--check", w.paths.patch]);

    const msg = readJson<{ deliveredAt?: string; readAt?: string; via?: string }>(msgFile);
    expect(msg.via).toBe("extension");
    expect(msg.deliveredAt).toBeTruthy();
    await waitFor(() => readJson<{ readAt?: string }>(msgFile).readAt, 5000, "readAt");

    const events = readFileSync(w.paths.events, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { kind: string; payload: Record<string, unknown> });
    const states = events.filter((e) => e.kind === "state").map((e) => e.payload.to);
    expect(states).toEqual(["active", "needs_input", "active", "ready"]);
    expect(events.filter((e) => e.kind === "tool").map((e) => e.payload.tool)).toEqual(["docket_todos", "docket_wait", "edit", "docket_done"]);
    expect(events.some((e) => e.kind === "todo")).toBe(true);

    const artifacts = readJson<{ items: Array<{ id: string; type: string; path?: string }> }>(w.paths.artifacts).items;
    expect(artifacts.map((a) => a.id)).toEqual(["q1", "f1", "s1"]);
    expect(artifacts.find((a) => a.id === "f1")?.path).toBe("src/app.txt");
  });
});
