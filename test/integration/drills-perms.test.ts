// Failure drill: after a real worker run (todos, question, reply, edit, done, verdict), walk the store:
// directories 0700, files 0600; nothing docket writes is readable by group or others.
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDrill, makeFakeFleet, settleAndCleanup, type Drill } from "../helpers/drill.js";
import type { Sandbox } from "../helpers/sandbox.js";

const TASK = "permissions drill: edit src/a.txt";

/** Paths under the store whose mode lets group or others in. Workspaces and pi sessions are checked
 * only at their top (they hold the user's code and pi's own files, behind a 0700 worker dir). */
function openToOthers(root: string): string[] {
  const bad: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (e.isSymbolicLink()) continue;
      const want = st.isDirectory() ? 0o700 : 0o600;
      if ((st.mode & 0o077) !== 0)
        bad.push(`${relative(root, p)} ${(st.mode & 0o777).toString(8)} (want ${want.toString(8)})`);
      if (st.isDirectory() && e.name !== "workspace" && e.name !== "session") walk(p);
    }
  };
  walk(root);
  return bad;
}

describe("store permissions after a real run", () => {
  let d: Drill;

  beforeAll(async () => {
    d = await makeDrill([
      {
        match: TASK,
        steps: [
          { tools: [{ name: "docket_todos", args: { items: [{ text: "edit a.txt", state: "in_progress" }] } }] },
          { tools: [{ name: "bash", args: { command: "cat src/a.txt" } }] },
          {
            tools: [
              {
                name: "docket_wait",
                args: { question: "Edit it?", options: ["yes", "no"], recommend: "yes", risk: "none" },
              },
            ],
          },
          { tools: [{ name: "edit", args: { path: "src/a.txt", edits: [{ oldText: "two", newText: "TWO" }] } }] },
          {
            tools: [
              {
                name: "docket_done",
                args: {
                  outcome: "completed",
                  summary: "edited a.txt",
                  evidence: ["a.txt line 2 is TWO"],
                  recommended: [],
                },
              },
            ],
          },
        ],
      },
    ]);
  });
  afterAll(async () => d?.cleanup());

  it("has no group/other bits anywhere docket wrote", async () => {
    const { label } = await d.spawn(TASK);
    await d.waitState(label, (s) => s.state === "needs_input", "needs_input");
    expect((await d.sb.docket(["tell", label, "yes"], { cwd: d.repo })).exitCode).toBe(0);
    const s = await d.waitState(label, (x) => x.state === "ready" && !!x.changeSet, "ready with a change set");
    expect(s.changeSet!.files.map((f) => f.path)).toEqual(["src/a.txt"]);
    const v = await d.sb.docket(["verdict", label, "--accept"], { cwd: d.repo });
    expect(v.exitCode, v.stderr).toBe(0);
    const root = d.sb.home;
    expect(statSync(root).mode & 0o777).toBe(0o700);
    for (const f of [
      "decisions.ndjson",
      `workers/${s.id}/status.json`,
      `workers/${s.id}/events.ndjson`,
      `workers/${s.id}/artifacts.json`,
      `workers/${s.id}/changeset.patch`,
      `workers/${s.id}/task.md`,
    ]) {
      expect(statSync(join(root, f), { throwIfNoEntry: false }), f).toBeDefined();
    }
    expect(readdirSync(join(root, "workers", s.id, "inbox")).length).toBeGreaterThan(0);
    expect(openToOthers(root)).toEqual([]);
  });
});

describe("a store that already existed with loose modes", () => {
  let sb: Sandbox;
  let repo: string;
  beforeAll(async () => {
    ({ sb, repo } = await makeFakeFleet());
  });
  afterAll(async () => sb && settleAndCleanup(sb));

  const mode = (p: string) => statSync(p).mode & 0o777;

  it("DOCKET_HOME and its dirs made 0755 by hand are brought to 0700", async () => {
    for (const d of ["", "workers", "bundles", "views"]) mkdirSync(join(sb.home, d), { recursive: true });
    for (const d of ["", "workers", "bundles", "views"]) chmodSync(join(sb.home, d), 0o755);
    const r = await sb.docket(["workers"], { cwd: repo });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(mode(sb.home).toString(8)).toBe("700"); // any command, even one that writes nothing
    const s = await sb.docket(["spawn", "--", "perms: loose store"], { cwd: repo });
    expect(s.exitCode, s.stderr).toBe(0);
    expect(mode(join(sb.home, "workers")).toString(8)).toBe("700");
  });

  it("a worktree workspace is never reachable while git creates it with the umask", async () => {
    // post-checkout runs inside the new worktree during `git worktree add`: record what others could
    // reach at that moment (the workspace itself is still 0755 there; its parents must be 0700).
    const seen = join(sb.dir, "modes-during-checkout");
    const hook = join(repo, ".git", "hooks", "post-checkout");
    writeFileSync(hook, `#!/bin/sh\nstat -c '%a %n' . .. ../.. ../../.. >> '${seen}'\n`);
    chmodSync(hook, 0o755);
    chmodSync(join(sb.home, "workers"), 0o755); // as an older docket left it
    const s = await sb.docket(["spawn", "--json", "--", "perms: worktree window"], { cwd: repo });
    expect(s.exitCode, s.stderr).toBe(0);
    const ws = JSON.parse(s.stdout).workspace as { type: string; path: string };
    expect(ws.type).toBe("worktree");
    const lines = readFileSync(seen, "utf8").trim().split("\n");
    expect(lines, lines.join("; ")).toHaveLength(4);
    const [, parent, workers, home] = lines.map((l) => l.split(" ")[0]);
    expect({ parent, workers, home }).toEqual({ parent: "700", workers: "700", home: "700" });
    expect(mode(ws.path).toString(8)).toBe("700");
  });
});
