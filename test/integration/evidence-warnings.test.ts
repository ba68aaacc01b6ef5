// Warnings on real stores: a real pi worker (scripted model) that goes quiet shows `silent` once a
// configured threshold passes; two workers whose change sets touch one file both show the overlap marker.
import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeDrill, type Drill } from "../helpers/drill.js";
import { makeSandbox, waitFor, type Sandbox } from "../helpers/sandbox.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";
import { writeNewStatus } from "../../src/store/workers.js";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe("silent warning on a real worker", () => {
  it("appears once the worker has been quiet past worker.silentMinutes (project config)", async () => {
    const d: Drill = await makeDrill([
      {
        match: "go quiet",
        steps: [
          { tools: [{ name: "docket_todos", args: { items: [{ text: "look around", state: "in_progress" }] } }] },
          { hang: true },
        ],
      },
    ]);
    cleanups.push(() => d.cleanup());
    mkdirSync(join(d.repo, ".pi"), { recursive: true });
    // 0.02 min = 1.2 s: the threshold is configurable, so no test sleeps for minutes.
    writeFileSync(join(d.repo, ".pi", "docket.json"), JSON.stringify({ worker: { silentMinutes: 0.02 } }));
    const { label } = await d.spawn("go quiet after one todo update");
    // The todo update is the worker's last tool activity; then the model hangs and the worker goes quiet.
    const w = await d.waitState(label, (s) => !!s.lastActivityAt && s.todos.length === 1, "records todo activity");
    expect(["active", "starting", "idle"]).toContain(w.state);
    const shown = await waitFor(
      async () => {
        const r = await d.sb.docket(["show", label], { cwd: d.repo });
        return /silent \d+s/.test(r.stdout) ? r.stdout : "";
      },
      20_000,
      "silent marker in docket show",
    );
    expect(shown).toMatch(/warnings\s+silent \d+s/);
    // Without --all the inbox reads the project config of the directory it is opened from.
    const inbox = await d.sb.docket(["inbox", "--json"], { cwd: d.repo });
    expect(inbox.exitCode).toBe(0);
    expect(inbox.stdout).toMatch(/silent \d+s/);
    // The worker is never killed for being silent.
    expect(d.worker(label)!.state).not.toMatch(/failed|ended|error/);
  });
});

describe("overlap radar on a real store", () => {
  it("marks both workers whose change sets touch the same file", async () => {
    const sb: Sandbox = makeSandbox();
    cleanups.push(() => sb.cleanup());
    const cs = (...paths: string[]) => ({
      baseline: "0".repeat(40),
      patch: "changeset.patch",
      frozenAt: new Date().toISOString(),
      files: paths.map((path) => ({ path, added: 3, removed: 1 })),
    });
    const now = new Date().toISOString();
    const result = { outcome: "completed" as const, summary: "done", evidence: [], recommended: [], at: now };
    const ws = (id: string) => ({
      type: "worktree" as const,
      path: join(sb.dir, "ws", id),
      parentDir: join(sb.dir, "repo"),
    });
    const a = fixtureStatus(1, {
      state: "ready",
      createdAt: now,
      updatedAt: now,
      result,
      changeSet: cs("src/auth.ts", "README.md"),
    });
    const b = fixtureStatus(2, {
      state: "ready",
      createdAt: now,
      updatedAt: now,
      result,
      changeSet: cs("src/auth.ts"),
    });
    const c = fixtureStatus(3, {
      state: "ready",
      createdAt: now,
      updatedAt: now,
      result,
      changeSet: cs("src/other.ts"),
    });
    for (const w of [a, b, c]) writeNewStatus(sb.home, { ...w, workspace: ws(w.id) });
    const r = await sb.docket(["inbox", "--json", "--all"]);
    expect(r.exitCode).toBe(0);
    const text = r.stdout;
    expect(text).toContain("overlap w2: src/auth.ts");
    expect(text).toContain("overlap w1: src/auth.ts");
    expect(text).not.toContain("overlap w3");
    const shown = await sb.docket(["show", "w1"]);
    expect(shown.exitCode).toBe(0);
  });
});
