// The scale bench's synthetic store must be readable in full: every id matches the store's
// ID_PATTERN (listWorkers skips others silently, and the bench would measure fewer workers).
import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakeWorker, seedStore } from "../../src/bench/fixtures.js";
import { ID_PATTERN } from "../../src/store/layout.js";
import { listWorkers } from "../../src/store/workers.js";

describe("bench fixtures", () => {
  it("make valid, distinct worker ids", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => fakeWorker(i + 1, "/tmp/p").status.id);
    expect(ids.filter((id) => !ID_PATTERN.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(1000);
  });

  it("seed a store that listWorkers reads completely", () => {
    const home = mkdtempSync(join(tmpdir(), "docket-bench-fixtures-"));
    try {
      seedStore(home, 120, "/tmp/p");
      const { workers, bad } = listWorkers(home);
      expect(bad).toEqual([]);
      expect(workers).toHaveLength(120);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
