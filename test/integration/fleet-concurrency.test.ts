// Must-show 3: 20 processes updating one worker's status at once lose no field; and the fleet cap
// holds when 10 spawns race (check-and-reserve under the store-wide lock).
import { afterEach, describe, expect, it } from "vitest";
import { execa } from "execa";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { makeSandbox, type Sandbox } from "../helpers/sandbox.js";
import { makeFakeFleet } from "../helpers/drill.js";
import { bundleSnippet } from "../helpers/child-module.js";
import { readStatus, writeNewStatus, listWorkers } from "../../src/store/workers.js";
import { RUNNING_STATES, type WorkerStatus } from "../../src/core/schema.js";

let sb: Sandbox | undefined;
afterEach(async () => {
  // Let the worker wrappers notice the server going away and write their exit codes before rm -rf.
  await execa("tmux", ["-L", sb?.socket ?? "none", "kill-server"], { env: sb?.env, extendEnv: false, reject: false });
  await new Promise((r) => setTimeout(r, 300));
  await sb?.cleanup();
  sb = undefined;
});

function record(id: string, dir: string): WorkerStatus {
  const now = new Date().toISOString();
  return {
    version: 1,
    id,
    label: "w1",
    index: 1,
    kind: "default",
    task: "t",
    state: "active",
    runToken: "r",
    project: dir,
    createdAt: now,
    updatedAt: now,
    workspace: { type: "parent", path: dir, parentDir: dir },
    tmux: { session: "docket-workers", windowName: "w1" },
    depth: 0,
    todos: [],
    questions: [],
  };
}

describe("concurrency", () => {
  it("20 processes each setting a distinct status field lose none", async () => {
    sb = makeSandbox();
    const id = "race-0001";
    writeNewStatus(sb.home, record(id, sb.dir));
    const script = bundleSnippet(`import { updateStatus } from "../../src/store/workers.js";
      const [home, id, i] = process.argv.slice(2);
      updateStatus(home, id, (s) => ({ ...s, ["field" + i]: Number(i) }));`);
    await Promise.all(Array.from({ length: 20 }, (_, i) => execa(process.execPath, [script, sb!.home, id, String(i)])));
    const s = readStatus(sb.home, id) as Record<string, unknown>;
    for (let i = 0; i < 20; i++) expect(s[`field${i}`], `field${i}`).toBe(i);
    expect(s.state).toBe("active");
  });

  it("10 racing spawns never exceed worker.maxActive and the refusal names the count", async () => {
    const fleet = await makeFakeFleet();
    sb = fleet.sb;
    const repo = fleet.repo;
    writeFileSync(join(sb.agentDir, "docket.json"), JSON.stringify({ worker: { maxActive: 3 } }));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => sb!.docket(["spawn", "--", `race task ${i}`], { cwd: repo })),
    );
    const ok = results.filter((r) => r.exitCode === 0);
    const refused = results.filter((r) => r.exitCode !== 0);
    expect(ok).toHaveLength(3);
    for (const r of refused)
      expect(r.stderr.trim()).toBe("docket: fleet full: 3 of 3 workers running (worker.maxActive)");
    const running = listWorkers(sb.home).workers.filter((w) => RUNNING_STATES.includes(w.state));
    expect(running).toHaveLength(3);
    expect(new Set(running.map((w) => w.label)).size).toBe(3);
  });
});
