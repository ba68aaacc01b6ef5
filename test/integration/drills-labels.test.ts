// Integrity drill: labels are never handed out twice, whatever the store holds. A garbage
// `next-index` and records that do not parse (garbage, wrong shape) still keep their labels.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeFakeFleet, settleAndCleanup } from "../helpers/drill.js";
import type { Sandbox } from "../helpers/sandbox.js";

describe("label allocation", () => {
  let sb: Sandbox;
  let repo: string;
  beforeAll(async () => {
    ({ sb, repo } = await makeFakeFleet());
  });
  afterAll(async () => sb && settleAndCleanup(sb));

  const spawn = async (task: string) => {
    const r = await sb.docket(["spawn", "--", task], { cwd: repo });
    expect(r.exitCode, r.stderr).toBe(0);
    return r.stdout.split(" ")[0]!;
  };
  const plant = (id: string, files: Record<string, string>) => {
    const dir = join(sb.home, "workers", id);
    mkdirSync(dir, { recursive: true });
    for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t);
  };

  it("a garbage next-index with a wrong-shaped record: the next spawn gets a fresh label", async () => {
    expect(await spawn("first")).toBe("w1");
    // w5: parses as JSON, but not as a WorkerStatus (wrong shape). w7: torn JSON. w9: only task.md.
    plant("wrong-shape-aaaa", { "status.json": JSON.stringify({ label: "w5", index: "5", state: 42 }) });
    plant("torn-bbbb", { "status.json": '{"version":1,"id":"torn-bbbb","label":"w7","index":7,"ki' });
    plant("no-status-cccc", {
      "status.json": "\u0000\u0001garbage",
      "task.md": "# Task for w9 (no-status-cccc)\n\n## Task\nx\n",
    });
    writeFileSync(join(sb.home, "next-index"), "garbage\n");
    const label = await spawn("second");
    expect(label).toBe("w10");
    // The counter is whole again.
    expect(readFileSync(join(sb.home, "next-index"), "utf8").trim()).toBe("11");
  });

  it("a counter behind the records never hands out a held label", async () => {
    writeFileSync(join(sb.home, "next-index"), "2\n");
    expect(await spawn("third")).toBe("w11");
  });

  it("a counter ahead of the records is kept (deleted labels are not reused)", async () => {
    writeFileSync(join(sb.home, "next-index"), "40\n");
    expect(await spawn("fourth")).toBe("w40");
  });
});
