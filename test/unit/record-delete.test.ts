// Deleting a worker while something still writes to its record (a dying pi's extension, a pane-died
// hook, a `docket tell`): the record must stay deleted, and late writers get a clear error.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appendEvent } from "../../src/store/events.js";
import { workerPaths, workersDir } from "../../src/store/layout.js";
import { removeWorkerRecord, updateStatus, writeNewStatus } from "../../src/store/workers.js";
import { updateStatusRecord } from "../../src/store/status-record.js";
import { tellWorker } from "../../src/workers/tell.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";
import { bundleSnippet } from "../helpers/child-module.js";

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "docket-delete-"));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const worker = () => {
  const s = fixtureStatus(1);
  writeNewStatus(home, s);
  return s;
};

// A writer in another process that takes the record's lock, holds it for `holdMs`, then writes.
function slowWriter(id: string, holdMs: number): Promise<{ code: number | null; stderr: string }> {
  const script = bundleSnippet(`
    import { updateStatusRecord } from "../../src/store/status-record.js";
    import { workerPaths } from "../../src/store/layout.js";
    updateStatusRecord(workerPaths(${JSON.stringify(home)}, ${JSON.stringify(id)}), ${JSON.stringify(id)}, (s) => {
      process.stdout.write("locked\\n");
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${holdMs});
      return { ...s, state: "ended" };
    });`);
  const child = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (b) => (stderr += b));
  return new Promise((done) => {
    child.stdout.on("data", () => {
      // The writer holds the lock now: delete while it is inside its read-modify-write.
      removeWorkerRecord(home, id);
    });
    child.on("close", (code) => done({ code, stderr }));
  });
}

describe("deleting a worker record", () => {
  it("removes the dir and leaves nothing behind, not even the renamed copy", () => {
    const s = worker();
    removeWorkerRecord(home, s.id);
    expect(readdirSync(workersDir(home))).toEqual([]);
    expect(() => removeWorkerRecord(home, s.id)).not.toThrow(); // already gone: nothing to do
  });

  it("waits for a writer holding the lock, and that writer cannot bring the record back", async () => {
    const s = worker();
    const r = await slowWriter(s.id, 400);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(existsSync(workerPaths(home, s.id).dir)).toBe(false);
    expect(readdirSync(workersDir(home))).toEqual([]);
  });

  it("late writers get a clear error and recreate nothing", async () => {
    const s = worker();
    const paths = workerPaths(home, s.id);
    removeWorkerRecord(home, s.id);
    expect(() => updateStatus(home, s.id, (x) => x)).toThrow(`unknown worker: ${s.id}`);
    expect(() => updateStatusRecord(paths, s.id, (x) => x)).toThrow(`unknown worker: ${s.id}`);
    appendEvent(paths.events, "state", { to: "ended" }); // a dying extension's last event: dropped
    await expect(tellWorker(home, s, "hello")).rejects.toThrow(`unknown worker: ${s.label} (deleted)`);
    expect(existsSync(paths.dir)).toBe(false);
  });
});
