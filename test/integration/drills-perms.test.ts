// Failure drill: after a real worker run (todos, question, reply, edit, done, verdict), walk the store:
// directories 0700, files 0600; nothing docket writes is readable by group or others.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDrill, type Drill } from "../helpers/drill.js";

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
      if ((st.mode & 0o077) !== 0) bad.push(`${relative(root, p)} ${(st.mode & 0o777).toString(8)} (want ${want.toString(8)})`);
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
          { tools: [{ name: "docket_wait", args: { question: "Edit it?", options: ["yes", "no"], recommend: "yes", risk: "none" } }] },
          { tools: [{ name: "edit", args: { path: "src/a.txt", edits: [{ oldText: "two", newText: "TWO" }] } }] },
          { tools: [{ name: "docket_done", args: { outcome: "completed", summary: "edited a.txt", evidence: ["a.txt line 2 is TWO"], recommended: [] } }] },
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
    for (const f of ["decisions.ndjson", `workers/${s.id}/status.json`, `workers/${s.id}/events.ndjson`, `workers/${s.id}/artifacts.json`, `workers/${s.id}/changeset.patch`, `workers/${s.id}/task.md`]) {
      expect(statSync(join(root, f), { throwIfNoEntry: false }), f).toBeDefined();
    }
    expect(readdirSync(join(root, "workers", s.id, "inbox")).length).toBeGreaterThan(0);
    expect(openToOthers(root)).toEqual([]);
  });
});
