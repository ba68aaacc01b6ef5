// The popups' store readers (no zod unless a file is bad) give the same answers as the zod readers:
// same workers, same "bad record" messages naming file and field, same config or config error.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/core/config.js";
import { workerPaths } from "../../src/store/layout.js";
import { listWorkersQuick, loadConfigQuick, readArtifactsQuick } from "../../src/store/quick-read.js";
import { listWorkers, writeNewStatus } from "../../src/store/workers.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "docket-quick-read-"));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function put(file: string, text: string): void {
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, text);
}

describe("listWorkersQuick", () => {
  it("matches listWorkers on good, wrong-typed, truncated and extra-field records", async () => {
    writeNewStatus(home, fixtureStatus(2, { state: "ready", result: { outcome: "completed", summary: "s", evidence: [], recommended: [], at: "t" } }));
    writeNewStatus(home, fixtureStatus(1, { futureField: { x: 1 } }));
    const bad = fixtureStatus(3);
    put(workerPaths(home, bad.id).status, JSON.stringify({ ...bad, index: "three" }));
    const cut = fixtureStatus(4);
    put(workerPaths(home, cut.id).status, JSON.stringify(cut).slice(0, 40));
    const quick = await listWorkersQuick(home);
    const slow = listWorkers(home);
    expect(quick).toEqual(slow);
    expect(quick.workers.map((w) => w.label)).toEqual(["w1", "w2"]);
    expect(quick.bad.map((b) => b.problem).join("\n")).toMatch(/status\.json: index: /);
    expect(quick.bad.map((b) => b.problem).join("\n")).toMatch(/status\.json: invalid JSON/);
  });

  it("returns nothing for a store without workers", async () => {
    expect(await listWorkersQuick(join(home, "none"))).toEqual({ workers: [], bad: [] });
  });
});

describe("readArtifactsQuick", () => {
  it("reads good files, gives [] for bad ones and skips empty or missing ones", async () => {
    const item = { id: "e1", type: "error", at: "t", title: "boom", text: "x" };
    put(workerPaths(home, "good-0001").artifacts, JSON.stringify({ items: [item] }));
    put(workerPaths(home, "bad-0002").artifacts, JSON.stringify({ items: [{ ...item, type: "weird" }] }));
    put(workerPaths(home, "empty-0003").artifacts, "");
    const got = await readArtifactsQuick(home, ["good-0001", "bad-0002", "empty-0003", "missing-0004"]);
    expect([...got.entries()]).toEqual([
      ["good-0001", [item]],
      ["bad-0002", []],
    ]);
  });
});

describe("loadConfigQuick", () => {
  it("layers user and project files like loadConfig", async () => {
    const env = { PI_CODING_AGENT_DIR: join(home, "agent") };
    const project = join(home, "repo");
    put(join(home, "agent", "docket.json"), JSON.stringify({ worker: { maxActive: 3, silentMinutes: 2 } }));
    put(join(project, ".pi", "docket.json"), JSON.stringify({ $schema: "x", worker: { maxActive: 5 } }));
    expect(await loadConfigQuick(project, env)).toEqual(loadConfig(project, env));
    expect((await loadConfigQuick(project, env)).worker).toMatchObject({ maxActive: 5, silentMinutes: 2, waitingMinutes: 30 });
    expect(await loadConfigQuick(undefined, env)).toEqual(loadConfig(undefined, env));
  });

  it("throws loadConfig's message for a bad key", async () => {
    const env = { PI_CODING_AGENT_DIR: join(home, "agent") };
    put(join(home, "agent", "docket.json"), JSON.stringify({ worker: { maxActiv: 3 } }));
    expect(() => loadConfig(undefined, env)).toThrow(/maxActiv: unknown key/);
    await expect(loadConfigQuick(undefined, env)).rejects.toThrow(/worker\.maxActiv: unknown key/);
  });
});
