// docket_spawn_child from a real worker: an allowed kind starts a child; a kind the worker's kind
// may not spawn, and a spawn past worker.maxSpawnDepth, come back to the model as a refusal.
import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeDrill, type Drill } from "../helpers/drill.js";

const RELAY =
  "---\nname: relay\ndescription: passes work on\nchildKinds: [relay]\n---\nHand sub-tasks to a relay child.\n";

/** Tool results the model saw in one scripted conversation (0 = parent, 1 = child). */
function toolTexts(d: Drill, script: number): string {
  return d.model.requests
    .filter((r) => r.script === script)
    .map((r) => JSON.stringify(r.messages.filter((m) => m.role === "tool")))
    .join("\n");
}

describe("docket_spawn_child", () => {
  let d: Drill | undefined;
  afterAll(async () => d?.cleanup());

  it("spawns an allowed child, refuses a kind not allowed and a spawn past the depth limit", async () => {
    d = await makeDrill(
      [
        {
          match: "PARENT-TASK",
          steps: [
            { tools: [{ name: "docket_spawn_child", args: { kind: "relay", task: "CHILD-TASK: look at README" } }] },
            { tools: [{ name: "docket_spawn_child", args: { kind: "patcher", task: "not allowed" } }] },
            {
              tools: [
                {
                  name: "docket_done",
                  args: { summary: "Delegated.", evidence: ["spawned a child"], scopeConfidence: "clear" },
                },
              ],
            },
          ],
        },
        {
          match: "CHILD-TASK",
          steps: [
            { tools: [{ name: "docket_spawn_child", args: { kind: "relay", task: "GRANDCHILD-TASK" } }] },
            {
              tools: [
                {
                  name: "docket_done",
                  args: { summary: "Child done.", evidence: ["README read"], scopeConfidence: "clear" },
                },
              ],
            },
          ],
        },
      ],
      { config: { maxSpawnDepth: 1 } },
    );
    mkdirSync(join(d.sb.home, "worker-kinds"), { recursive: true });
    writeFileSync(join(d.sb.home, "worker-kinds", "relay.md"), RELAY);

    const { label } = await d.spawn("PARENT-TASK: delegate", ["--as", "relay"]);
    const parent = await d.waitState(label, (s) => s.state === "ready", "ready", 45_000);
    const child = await d.waitState("w2", (s) => s.state === "ready", "child ready", 45_000);
    expect(child.parentId).toBe(parent.id);
    expect(child.depth).toBe(1);
    expect(child.kind).toBe("relay");
    expect(child.task).toBe("CHILD-TASK: look at README");

    const parentTools = toolTexts(d, 0);
    expect(parentTools).toContain("Spawned child worker w2");
    expect(parentTools).toMatch(/docket_spawn_child refused: kind .{0,4}patcher.{0,10} is not allowed/);
    // The child is at the depth limit: its own spawn is refused and no third worker exists.
    expect(toolTexts(d, 1)).toMatch(/docket_spawn_child refused: [^\]]*depth limit/);
    expect(d.worker("w3")).toBeUndefined();
  });
});
