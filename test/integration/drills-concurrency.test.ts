// Failure drill: 10 `docket spawn` at once get distinct labels, ids and windows, and the fleet cap
// holds when more spawns race for the last slots. pi is a sleeping stand-in: this is about the store
// and tmux, not the model.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listWorkers } from "../../src/store/workers.js";
import type { Sandbox } from "../helpers/sandbox.js";
import { makeFakeFleet, settleAndCleanup } from "../helpers/drill.js";

describe("concurrent spawns", () => {
  let sb: Sandbox;
  let repo: string;
  const setCap = (n: number) =>
    writeFileSync(join(sb.agentDir, "docket.json"), JSON.stringify({ worker: { maxActive: n } }));
  const spawnMany = (n: number, tag: string) =>
    Promise.all(
      Array.from({ length: n }, (_, i) => sb.docket(["spawn", "--", `${tag} task number ${i}`], { cwd: repo })),
    );

  beforeAll(async () => {
    ({ sb, repo } = await makeFakeFleet());
  });
  afterAll(async () => sb && settleAndCleanup(sb));

  it("10 at once: all succeed with distinct labels, ids and windows", async () => {
    setCap(16);
    const rs = await spawnMany(10, "burst");
    for (const r of rs) expect(r.exitCode, r.stderr).toBe(0);
    const labels = rs.map((r) => /\b(w\d+)\b/.exec(r.stdout)?.[1]);
    expect(new Set(labels).size).toBe(10);
    const { workers, bad } = listWorkers(sb.home);
    expect(bad).toEqual([]);
    expect(workers).toHaveLength(10);
    expect(new Set(workers.map((w) => w.id)).size).toBe(10);
    expect(new Set(workers.map((w) => w.index)).size).toBe(10);
    const windows = (await sb.tmux("list-windows", "-t", "=docket-workers", "-F", "#{window_name} #{window_id}"))
      .split("\n")
      .filter((l) => /^w\d+ /.test(l));
    expect(windows).toHaveLength(10);
    expect(new Set(windows.map((l) => l.split(" ")[0])).size).toBe(10);
    expect(new Set(workers.map((w) => w.tmux.windowId)).size).toBe(10);
  });

  it("the cap holds under concurrency: 6 racing for 2 slots → exactly 2 start", async () => {
    setCap(12);
    const rs = await spawnMany(6, "race");
    const ok = rs.filter((r) => r.exitCode === 0);
    const refused = rs.filter((r) => r.exitCode !== 0);
    expect(ok).toHaveLength(2);
    expect(refused).toHaveLength(4);
    for (const r of refused) {
      expect(r.stderr).toMatch(/12/);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(listWorkers(sb.home).workers).toHaveLength(12);
  });
});
