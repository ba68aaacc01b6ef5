import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withLock, withLockAsync } from "../../src/store/lock.js";

function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

describe("store lock", () => {
  // A worker's pi killed with -9 while writing status.json leaves its lock file behind; the next
  // writer must take over at once rather than wait for the age-based fallback (10 s).
  it("breaks a lock whose holder is dead", { timeout: 5000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "docket-lock-"));
    const lock = join(dir, "status.json.lock");
    writeFileSync(lock, String(deadPid()));
    expect(withLock(lock, () => "sync ok")).toBe("sync ok");
    writeFileSync(lock, String(deadPid()));
    expect(await withLockAsync(lock, async () => "async ok")).toBe("async ok");
    expect(existsSync(lock)).toBe(false);
  });

  it("keeps a lock whose holder is alive until it is released", { timeout: 5000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "docket-lock-"));
    const lock = join(dir, "x.lock");
    writeFileSync(lock, String(process.pid));
    let ran = false;
    const pending = withLockAsync(lock, async () => {
      ran = true;
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(ran).toBe(false);
    const { rmSync } = await import("node:fs");
    rmSync(lock);
    await pending;
    expect(ran).toBe(true);
  });
});
