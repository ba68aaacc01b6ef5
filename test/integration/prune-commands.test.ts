// Pruning runs as part of ordinary commands (no daemon): each of these verbs, run through the real CLI,
// removes a worker that has been at rest past worker.pruneAfterHours, and keeps a fresh one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { makeSandbox, type Sandbox } from "../helpers/sandbox.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";
import { writeNewStatus } from "../../src/store/workers.js";
import { workerPaths } from "../../src/store/layout.js";

let sb: Sandbox;
const ago = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

beforeAll(async () => {
  sb = makeSandbox();
  await sb.startServer();
  // Fresh and failed: never pruned; also the target of `verdict --dismiss` below.
  writeNewStatus(
    sb.home,
    fixtureStatus(1, {
      state: "failed",
      createdAt: ago(1),
      updatedAt: ago(1),
      failure: { reason: "boom", at: ago(1) },
    }),
  );
});

afterAll(async () => {
  await sb?.cleanup();
});

const COMMANDS: Array<{ args: string[]; ok: boolean }> = [
  { args: ["inbox", "--json", "--all"], ok: true },
  { args: ["verdict", "w1", "--dismiss"], ok: true },
  { args: ["status"], ok: true },
  { args: ["status", "--publish"], ok: true },
  { args: ["workers", "--all", "--json"], ok: true },
  { args: ["next", "--json"], ok: true },
  // Refused for lack of a task, but the store was pruned before the verb ran.
  { args: ["spawn"], ok: false },
];

describe("ordinary commands prune the store", () => {
  let n = 10;
  for (const c of COMMANDS) {
    it(`docket ${c.args.join(" ")}`, async () => {
      const index = n++;
      const old = fixtureStatus(index, {
        state: "ready",
        createdAt: ago(40),
        updatedAt: ago(30),
        reviewedAt: ago(30),
        result: { summary: "done", at: ago(31) },
      });
      writeNewStatus(sb.home, old);
      rmSync(join(sb.home, "prune-stamp"), { force: true }); // the previous case's scan must not skip this one
      const r = await sb.docket(c.args);
      expect(r.exitCode === 0, `${r.stdout}\n${r.stderr}`).toBe(c.ok);
      expect(existsSync(workerPaths(sb.home, old.id).dir)).toBe(false);
      expect(existsSync(workerPaths(sb.home, fixtureStatus(1).id).status)).toBe(true);
    });
  }
});
