// The worker extension inside a real pi, driven by the scripted model, in a private tmux server.
import { afterEach, describe, expect, it } from "vitest";
import { execaSync } from "execa";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeWorld, readJson, waitFor, type World } from "./extension-world.js";
import { updateStatus } from "../../src/store/workers.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("worker extension protocol", () => {
  it("todos + wait → needs_input; inbox reply delivered byte-exact; edit + done → ready with the exact change set", async () => {
    const reply = 'Use option B — keep `$HOME` and "quotes" intact\nsecond line: ünïcode ✓';
    world = await makeWorld(
      [
        {
          match: "Fix the thing",
          steps: [
            {
              tools: [
                {
                  name: "docket_todos",
                  args: {
                    items: [
                      { text: "read code", state: "completed" },
                      { text: "ask parent", state: "in_progress" },
                    ],
                  },
                },
              ],
            },
            {
              tools: [
                {
                  name: "docket_wait",
                  args: { question: "Which approach?", options: ["A", "B"], recommend: "B", risk: "rewrites app.txt" },
                },
              ],
            },
            {
              tools: [
                { name: "edit", args: { path: "src/app.txt", edits: [{ oldText: "hello", newText: "hello world" }] } },
              ],
            },
            {
              tools: [
                {
                  name: "docket_done",
                  args: {
                    outcome: "completed",
                    summary: "Changed the greeting.\nRecommended:\n- ship it\n- tell the team",
                    evidence: ["edited src/app.txt"],
                    scopeConfidence: "clear",
                  },
                },
              ],
            },
          ],
        },
      ],
      { writable: true },
    );
    const w = world;
    await w.launch();
    const asked = await waitFor(
      () => (w.status().state === "needs_input" ? w.status() : undefined),
      30_000,
      "needs_input",
    );
    expect(asked.question).toMatchObject({
      text: "Which approach?",
      options: ["A", "B"],
      recommend: "B",
      risk: "rewrites app.txt",
    });
    expect(asked.questions).toHaveLength(1);
    expect(asked.todos.map((t) => t.text)).toEqual(["read code", "ask parent"]);
    expect(asked.extensionPid).toBeGreaterThan(0);
    expect(asked.heartbeatAt).toBeTruthy();
    // The tools reached the model, and the guardrails went into the system prompt.
    expect(w.server.requests[0]!.tools).toEqual(
      expect.arrayContaining(["docket_todos", "docket_wait", "docket_done", "docket_fail", "docket_spawn_child"]),
    );
    const system = JSON.stringify(w.server.requests[0]!.messages[0]);
    expect(system).toContain("docket worker protocol");
    expect(system).toContain(w.paths.task);

    const requestsBefore = w.server.requests.length;
    const msgFile = join(w.paths.inbox, `${Date.now()}-abc123.json`);
    writeFileSync(
      msgFile,
      JSON.stringify({ id: "m1", text: reply, from: "parent", createdAt: new Date().toISOString() }),
    );
    await waitFor(() => w.server.requests.length > requestsBefore, 20_000, "the reply to reach the model");
    expect(w.server.requests[requestsBefore]!.lastUser).toBe(reply);

    const ready = await waitFor(() => (w.status().state === "ready" ? w.status() : undefined), 30_000, "ready");
    expect(ready.question).toMatchObject({ answer: reply });
    expect(ready.question!.answeredAt).toBeTruthy();
    expect(ready.result).toMatchObject({
      outcome: "completed",
      summary: "Changed the greeting.",
      evidence: ["edited src/app.txt"],
      recommended: ["ship it", "tell the team"],
      scopeConfidence: "clear",
    });
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

    const events = readFileSync(w.paths.events, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { kind: string; payload: Record<string, unknown> });
    const states = events.filter((e) => e.kind === "state").map((e) => e.payload.to);
    expect(states).toEqual(["active", "needs_input", "active", "ready"]);
    expect(events.filter((e) => e.kind === "tool").map((e) => e.payload.tool)).toEqual([
      "docket_todos",
      "docket_wait",
      "edit",
      "docket_done",
    ]);
    expect(events.some((e) => e.kind === "todo")).toBe(true);

    const artifacts = readJson<{ items: Array<{ id: string; type: string; path?: string }> }>(w.paths.artifacts).items;
    expect(artifacts.map((a) => a.id)).toEqual(["q1", "f1", "s1"]);
    expect(artifacts.find((a) => a.id === "f1")?.path).toBe("src/app.txt");
  });

  it("a message that arrives mid-run is steered into the running turn", async () => {
    world = await makeWorld([
      {
        match: "Fix the thing",
        steps: [
          { tools: [{ name: "bash", args: { command: "sleep 2; echo slept" } }] },
          {
            tools: [
              {
                name: "docket_done",
                args: { summary: "Done after the steer.", evidence: ["ran sleep"], scopeConfidence: "clear" },
              },
            ],
          },
        ],
      },
    ]);
    const w = world;
    await w.launch();
    // The bash call is logged when it starts; pi is busy for the next 2 s.
    await waitFor(() => readFileSync(w.paths.events, "utf8").includes('"tool":"bash"'), 30_000, "bash to start");
    writeFileSync(
      join(w.paths.inbox, `${Date.now()}-steer1.json`),
      JSON.stringify({ id: "m2", text: "also check the docs", createdAt: new Date().toISOString() }),
    );
    const ready = await waitFor(() => (w.status().state === "ready" ? w.status() : undefined), 30_000, "ready");
    expect(w.server.requests).toHaveLength(2);
    expect(w.server.requests[1]!.lastUser).toBe("also check the docs");
    expect(ready.result?.summary).toBe("Done after the steer.");
    const arts = readJson<{ items: Array<{ id: string; exitCode?: number; text: string }> }>(w.paths.artifacts).items;
    expect(arts.find((a) => a.id === "c1")).toMatchObject({ exitCode: 0 });
    expect(arts.find((a) => a.id === "c1")!.text).toContain("slept");
  });

  it("docket_fail → failed with the reason; a vague done becomes a scope question", async () => {
    world = await makeWorld(
      [
        {
          match: "task one",
          steps: [{ tools: [{ name: "docket_fail", args: { reason: "migrate exited 1: missing DATABASE_URL" } }] }],
        },
      ],
      { task: "task one" },
    );
    // A worker reviewed earlier re-surfaces on any new protocol transition.
    updateStatus(world.sb.home, world.id, (s) => ({ ...s, reviewedAt: new Date().toISOString() }));
    await world.launch();
    const failed = await waitFor(
      () => (world!.status().state === "failed" ? world!.status() : undefined),
      30_000,
      "failed",
    );
    expect(failed.failure?.reason).toBe("migrate exited 1: missing DATABASE_URL");
    expect(failed.reviewedAt).toBeUndefined();
    await world.close();

    world = await makeWorld(
      [
        {
          match: "find the bear",
          steps: [
            {
              tools: [
                { name: "docket_done", args: { outcome: "no_evidence", summary: "No bear anywhere.", evidence: [] } },
              ],
            },
          ],
        },
      ],
      { task: "find the bear" },
    );
    await world.launch();
    const asked = await waitFor(
      () => (world!.status().state === "needs_input" ? world!.status() : undefined),
      30_000,
      "needs_input",
    );
    expect(asked.result).toBeUndefined();
    expect(asked.question?.text).toMatch(/scope/i);
    expect(asked.question?.text).toContain("No bear anywhere.");
  });

  it("`/docket done …` typed into bash is blocked and applied as docket_done", async () => {
    world = await makeWorld([
      {
        match: "Fix the thing",
        steps: [
          { tools: [{ name: "bash", args: { command: "/docket done 'Checked the config, all good'" } }] },
          { text: "ok" },
        ],
      },
    ]);
    const w = world;
    await w.launch();
    const ready = await waitFor(() => (w.status().state === "ready" ? w.status() : undefined), 30_000, "ready");
    expect(ready.result?.summary).toBe("Checked the config, all good");
    await waitFor(() => w.server.requests.length >= 2, 20_000, "the model to see the blocked call");
    const toolMsg = JSON.stringify(w.server.requests[1]!.messages.filter((m) => m.role === "tool"));
    expect(toolMsg).toContain("docket_done");
    // The worker does not go idle (nor get a reminder) after a fallback protocol call.
    await waitFor(() => readFileSync(w.paths.events, "utf8").includes('"type":"answer"'), 10_000, "the run to end");
    expect(w.status().state).toBe("ready");
    expect(w.status().remindedAt).toBeUndefined();
  });
});
