// save → list → load → mounted in the inbox → ref pastes the exact reference into a pane of a private
// tmux server → delete removes both bundle files. Fixture workers on real files; no pi needed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeSandbox, waitFor, type Sandbox } from "../helpers/sandbox.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";
import { writeNewStatus } from "../../src/store/workers.js";
import { workerPaths } from "../../src/store/layout.js";
import { listMounted } from "../../src/evidence/mounted.js";

let sb: Sandbox;
let pane = "";

beforeAll(async () => {
  sb = makeSandbox();
  await sb.startServer();
  // A pane whose program just echoes what it receives, so capture-pane shows exactly what was pasted.
  pane = (await sb.tmux("new-window", "-d", "-t", "main", "-n", "target", "-P", "-F", "#{pane_id}", "cat")).trim();
  // Recent times: ordinary commands prune workers at rest past pruneAfterHours (24 h).
  const now = new Date().toISOString();
  const w1 = fixtureStatus(1, {
    state: "failed",
    task: "fix the auth tests",
    createdAt: now,
    updatedAt: now,
    failure: { reason: "tests keep failing", at: now },
  });
  const w2 = fixtureStatus(2, {
    state: "ready",
    task: "map callers of getUser()",
    createdAt: now,
    updatedAt: now,
    result: { summary: "getUser() has 3 callers", at: now },
  });
  for (const w of [w1, w2]) writeNewStatus(sb.home, w);
  writeFileSync(
    workerPaths(sb.home, w1.id).artifacts,
    JSON.stringify({
      items: [
        {
          id: "c1",
          type: "command",
          at: "2025-01-01T00:01:00.000Z",
          title: "Command failed: npm test",
          text: "npm test\nFAIL auth.test.ts\n1 failing",
          exitCode: 1,
        },
        {
          id: "e1",
          type: "error",
          at: "2025-01-01T00:02:00.000Z",
          title: "TypeError: boom in auth.ts",
          text: "TypeError: boom\n  at verifyToken (src/auth.ts:42)",
        },
      ],
    }),
  );
  writeFileSync(
    workerPaths(sb.home, w2.id).artifacts,
    JSON.stringify({
      items: [
        {
          id: "a1",
          type: "answer",
          at: "2025-01-01T00:03:00.000Z",
          title: "getUser() has 3 callers",
          text: "src/a.ts, src/b.ts, src/c.ts",
        },
      ],
    }),
  );
});

afterAll(async () => {
  await sb?.cleanup();
});

describe("evidence bundles end to end", () => {
  it("saves, lists, loads, mounts, pastes a reference, and deletes", async () => {
    const saved = await sb.docket([
      "save",
      "--items",
      "w1.c1,w1.e1,w2.a1",
      "--yes",
      "--json",
      "auth investigation findings",
    ]);
    expect(saved.stderr).toBe("");
    expect(saved.exitCode).toBe(0);
    const b = JSON.parse(saved.stdout) as { id: string; items: Array<{ ref: string; origin: string }> };
    expect(b.id).toBe("b1");
    expect(b.items.map((i) => [i.ref, i.origin])).toEqual([
      ["b1.c1", "w1.c1"],
      ["b1.e1", "w1.e1"],
      ["b1.a1", "w2.a1"],
    ]);

    const md = join(sb.home, "bundles", "b1.md");
    const json = join(sb.home, "bundles", "b1.artifacts.json");
    expect(existsSync(md) && existsSync(json)).toBe(true);

    const list = JSON.parse((await sb.docket(["list", "--json"])).stdout) as {
      bundles: Array<{ id: string; title: string; items: number; loaded: boolean }>;
    };
    expect(list.bundles).toEqual([
      expect.objectContaining({ id: "b1", title: "auth investigation findings", items: 3, loaded: false }),
    ]);

    const loaded = await sb.docket(["load", "last"]);
    expect(loaded.exitCode).toBe(0);
    expect(loaded.stdout).toContain("loaded b1 (3 items)");
    expect(listMounted(sb.home).map((m) => [m.ref, m.artifact.title])).toEqual([
      ["b1.c1", "Command failed: npm test"],
      ["b1.e1", "TypeError: boom in auth.ts"],
      ["b1.a1", "getUser() has 3 callers"],
    ]);
    // The inbox shows the bundle's items (in any project scope), after the workers' own failure evidence.
    const inbox = JSON.parse((await sb.docket(["inbox", "--json"])).stdout) as {
      items: Array<{ key: string; group: string; state: string; subject: string; mounted?: { source: string } }>;
    };
    expect(
      inbox.items.filter((i) => i.group === "mounted").map((i) => [i.key, i.state, i.subject, i.mounted?.source]),
    ).toEqual([
      ["b1.c1", "mounted", "Command failed: npm test", "b1"],
      ["b1.e1", "mounted", "TypeError: boom in auth.ts", "b1"],
      ["b1.a1", "mounted", "getUser() has 3 callers", "b1"],
    ]);
    const plain = (await sb.docket(["inbox", "--plain"])).stdout;
    expect(plain).toMatch(/^b1\.e1 +loaded b1 .*TypeError: boom in auth\.ts/m);

    const expected = `[docket b1.c1] Command failed: npm test (exit 1) — see ${json}#c1`;
    const pasted = await sb.docket(["ref", "b1.c1", "-t", pane]);
    expect(pasted.exitCode).toBe(0);
    const screen = await waitFor(
      async () => {
        const s = (await sb.tmux("capture-pane", "-p", "-J", "-t", pane)).trim();
        return s.length >= expected.length ? s : "";
      },
      10_000,
      "pasted text in the pane",
    );
    expect(screen).toBe(expected);
    // The pasting buffer was private and deleted after use (-d): nothing lingers on the server.
    expect(await sb.tmux("list-buffers", "-F", "#{buffer_name}")).not.toMatch(/docket-/);

    // Pasting consumed the bundle: plain `list` hides it, --include-consumed shows it.
    expect(JSON.parse((await sb.docket(["list", "--json"])).stdout).bundles).toEqual([]);
    expect(
      JSON.parse((await sb.docket(["list", "--json", "--include-consumed"])).stdout).bundles[0].consumedAt,
    ).toEqual(expect.any(String));

    const del = await sb.docket(["delete", "b1"]);
    expect(del.stderr).toBe("");
    expect(del.exitCode).toBe(0);
    expect(existsSync(md) || existsSync(json)).toBe(false);
    expect(listMounted(sb.home)).toEqual([]);
  });

  it("a loaded worker stays listed but no longer counts as needing you", async () => {
    const before = JSON.parse((await sb.docket(["status", "--json"])).stdout) as { ready: number };
    expect(before.ready).toBe(1);
    expect((await sb.docket(["load", "w2"])).exitCode).toBe(0);
    const inbox = JSON.parse((await sb.docket(["inbox", "--json", "--all"])).stdout) as {
      items: Array<{ key: string; group: string; markers: string[] }>;
    };
    expect(inbox.items.find((i) => i.key === "w2")).toMatchObject({
      group: "loaded",
      markers: expect.arrayContaining(["loaded"]),
    });
    expect(inbox.items.find((i) => i.key === "w2.a1")).toMatchObject({ group: "mounted" });
    expect(JSON.parse((await sb.docket(["status", "--json"])).stdout)).toMatchObject({
      ready: 0,
      attention: [expect.objectContaining({ label: "w1" })],
    });
    expect((await sb.docket(["unload", "w2"])).exitCode).toBe(0);
  });

  it("copies into a tmux buffer and refuses refs that try to leave the store", async () => {
    const copied = await sb.docket(["copy", "w1.e1"]);
    expect(copied.exitCode).toBe(0);
    expect(await sb.tmux("show-buffer", "-b", "docket-copy")).toBe(
      "[docket w1.e1] TypeError: boom in auth.ts (error)\nTypeError: boom\n  at verifyToken (src/auth.ts:42)",
    );
    for (const bad of ["../../etc/passwd.c1", "b1/../../x.c1", "w1.c1;ls"]) {
      const r = await sb.docket(["ref", bad, "-t", pane]);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toMatch(/^docket: invalid artifact ref/);
    }
  });
});
