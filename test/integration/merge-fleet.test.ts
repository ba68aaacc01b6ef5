// Merging parallel work end to end, with real pi workers on the scripted model, real git and tmux:
// graded overlaps reach rows, cards and `docket show` from the store; accepting one change set marks
// the sibling's base as moved at once; a `same file` pair lands both edits with no question; a
// contested second accept changes nothing in the parent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { makeDrill, type Drill } from "../helpers/drill.js";
import { waitFor } from "../helpers/sandbox.js";

const LINES = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`);
const FILE = LINES.join("\n") + "\n";
const edit = (match: string, oldText: string, newText: string, summary: string) => ({
  match,
  steps: [
    { tools: [{ name: "edit", args: { path: "src/g.txt", edits: [{ oldText, newText }] } }] },
    {
      tools: [
        {
          name: "docket_done",
          args: { outcome: "completed", summary, evidence: ["edited src/g.txt"], scopeConfidence: "clear" },
        },
      ],
    },
  ],
  after: { text: "done" },
});

interface Shown {
  overlaps: { other: string; grade: string; text: string }[];
  baseMoved?: { by: string; paths: string[] };
}

describe("merging parallel work", () => {
  let d: Drill;
  const show = async (label: string): Promise<Shown> =>
    JSON.parse((await d.sb.docket(["show", label, "--json"], { cwd: d.repo })).stdout) as Shown;
  const gitIn = async (...args: string[]) => (await execa("git", args, { cwd: d.repo })).stdout;

  beforeAll(async () => {
    d = await makeDrill(
      [
        edit("TOP-EDIT", "line 1\n", "line 1 (top)\n", "changed the first line"),
        edit("BOTTOM-EDIT", "line 12\n", "line 12 (bottom)\n", "changed the last line"),
        edit("MID-EDIT-A", "line 6\n", "line 6 (A)\n", "changed line 6 one way"),
        edit("MID-EDIT-B", "line 6\n", "line 6 (B)\n", "changed line 6 another way"),
      ],
      { files: { "src/g.txt": FILE } },
    );
  });
  afterAll(async () => d?.cleanup());

  it("different lines of one file: graded same file; accept one, the other's base moved; accept it too, both edits land unstaged", async () => {
    const top = await d.spawn("TOP-EDIT: change the first line of src/g.txt");
    const bottom = await d.spawn("BOTTOM-EDIT: change the last line of src/g.txt");
    for (const w of [top, bottom]) await d.waitState(w.label, (s) => s.state === "ready", "ready");
    // Graded by the detached refresh each docket_done asked for; `show` only reads what it stored.
    const graded = await waitFor(
      async () => (await show(top.label)).overlaps.find((o) => o.other === bottom.label),
      60_000,
      "a grade for the pair",
    );
    expect(graded).toMatchObject({ grade: "same file", text: `same file ${bottom.label}: src/g.txt` });
    const row = (await d.sb.docket(["inbox", "--plain"], { cwd: d.repo })).stdout
      .split("\n")
      .find((l) => l.startsWith(top.label));
    expect(row).toContain(`same file ${bottom.label}: src/g.txt`);

    const first = await d.sb.docket(["verdict", top.label, "--accept"], { cwd: d.repo });
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toContain(`base moved for ${bottom.label}`);
    // At once, in the store: no grading pass needed to show it.
    expect((await show(bottom.label)).baseMoved).toMatchObject({ by: `accepted ${top.label}`, paths: ["src/g.txt"] });
    const bottomRow = (await d.sb.docket(["inbox", "--plain"], { cwd: d.repo })).stdout
      .split("\n")
      .find((l) => l.startsWith(bottom.label));
    expect(bottomRow).toContain("base moved: src/g.txt");

    const second = await d.sb.docket(["verdict", bottom.label, "--accept"], { cwd: d.repo });
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stdout + second.stderr).not.toMatch(/anyway|conflict|--yes/);
    expect(readFileSync(join(d.repo, "src/g.txt"), "utf8")).toBe(
      FILE.replace("line 1\n", "line 1 (top)\n").replace("line 12\n", "line 12 (bottom)\n"),
    );
    expect(await gitIn("diff", "--cached", "--name-only")).toBe(""); // unstaged
    expect(await gitIn("status", "--porcelain")).toBe(" M src/g.txt");
    await gitIn("checkout", "--", "src/g.txt");
  }, 240_000);

  it("the same line: contested; accepting the second after the first changes nothing and names the path", async () => {
    const a = await d.spawn("MID-EDIT-A: change line 6 of src/g.txt");
    const b = await d.spawn("MID-EDIT-B: change line 6 of src/g.txt");
    for (const w of [a, b]) await d.waitState(w.label, (s) => s.state === "ready", "ready");
    const graded = await waitFor(
      async () => (await show(a.label)).overlaps.find((o) => o.other === b.label),
      60_000,
      "a grade for the pair",
    );
    expect(graded.grade).toBe("contested");
    // The status summary names the pair while both wait on a verdict.
    expect((await d.sb.docket(["status"], { cwd: d.repo })).stdout).toContain(`${a.label}⇄${b.label} contested`);

    const first = await d.sb.docket(["verdict", a.label, "--accept", "--yes"], { cwd: d.repo });
    expect(first.exitCode, first.stderr).toBe(0);
    const before = {
      file: readFileSync(join(d.repo, "src/g.txt"), "utf8"),
      index: readFileSync(join(d.repo, ".git", "index")),
      status: await gitIn("status", "--porcelain"),
    };
    const second = await d.sb.docket(["verdict", b.label, "--accept", "--yes"], { cwd: d.repo });
    expect(second.exitCode).not.toBe(0);
    expect(second.stderr).toContain("src/g.txt");
    expect(readFileSync(join(d.repo, "src/g.txt"), "utf8")).toBe(before.file);
    expect(readFileSync(join(d.repo, ".git", "index")).equals(before.index)).toBe(true);
    expect(await gitIn("status", "--porcelain")).toBe(before.status);
  }, 240_000);
});
