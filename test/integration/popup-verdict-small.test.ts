// The verdict in a small terminal (real tmux pane, 80×24 and 40×12): the worker's label, state and
// the selected verb stay on screen however long the card is; the body is cut with a line saying how
// much more there is, and PgDn / PgUp page through it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeNewStatus } from "../../src/store/workers.js";
import { workerPaths } from "../../src/store/layout.js";
import { makeRepo, makeSandbox, type Sandbox } from "../helpers/sandbox.js";
import { openPopup } from "../helpers/popup-pane.js";
import { fixtureWorker } from "../helpers/popup-fixtures.js";

let sb: Sandbox;
let repo: string;

beforeAll(async () => {
  sb = makeSandbox();
  await sb.startServer();
  repo = await makeRepo(join(sb.dir, "repo"));
  const w = fixtureWorker({
    index: 4,
    state: "failed",
    project: repo,
    task: "migrate the billing tables",
    failure: { reason: "the migration could not reach the database", at: new Date().toISOString() },
  });
  writeNewStatus(sb.home, w);
  const p = workerPaths(sb.home, w.id);
  mkdirSync(p.dir, { recursive: true });
  writeFileSync(p.paneTail, Array.from({ length: 30 }, (_, i) => `tail line ${i + 1}`).join("\n") + "\n");
});
afterAll(async () => sb?.cleanup());

const lines = (screen: string) => screen.replace(/\n+$/, "").split("\n");

describe("verdict in a small terminal", () => {
  for (const [x, y] of [
    [80, 24],
    [40, 12],
  ] as const) {
    it(`${x}×${y}: label, state and the selected verb are on screen; PgDn pages the body`, async () => {
      const v = await openPopup(sb, ["verdict", "w4"], { cwd: repo, name: `v${x}`, size: [x, y] });
      const screen = await v.waitFor(/▸\s+Retry/, "the card with the selected verb");
      expect(screen).toMatch(/w4 · failed/);
      expect(screen).toMatch(/… \d+ more lines \(PgDn\)/);
      expect(lines(screen).length).toBeLessThanOrEqual(y);
      await v.keys("NPage");
      const paged = await v.waitFor(/\d+ (lines )?above/, "the next page of the body");
      expect(paged).toMatch(/w4 · failed/);
      expect(paged).toMatch(/▸\s+Retry/);
      await v.keys("PPage");
      await v.waitFor(/^(?![\s\S]*above)[\s\S]*\(PgDn\)/, "back on the first page");
      await v.keys("Escape");
    });
  }
});
