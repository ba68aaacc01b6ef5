// Promote from the verdict popup and the CLI: a frozen change set applies to a temp git repo
// (unstaged, uncommitted); over a conflicting parent edit it asks first and, refused, leaves the
// parent tree byte-for-byte unchanged; a patch that cannot apply changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execaSync } from "execa";
import { makeSandbox, type Sandbox } from "../helpers/sandbox.js";
import { openPopup } from "../helpers/popup-pane.js";
import { fixtureWorker, readyWorkerWithChangeSet } from "../helpers/popup-fixtures.js";
import { readStatus, writeNewStatus } from "../../src/store/workers.js";
import { readDecisions } from "../../src/store/ledger.js";

let sb: Sandbox;
const git = (cwd: string, ...a: string[]) => execaSync("git", a, { cwd }).stdout;
const A = "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n";

/** A ready worker (fixture) whose change set edits src/a.txt of a fresh parent repo. */
const readyWorker = (index: number, edit: (s: string) => string) =>
  readyWorkerWithChangeSet(sb, index, { "src/a.txt": A, "README.md": "# r\n" }, edit);

beforeAll(async () => {
  sb = makeSandbox();
  await sb.startServer();
});
afterAll(async () => {
  await sb?.cleanup();
});

describe("promote", () => {
  it("Accept in the verdict popup applies the change set unstaged and uncommitted", async () => {
    const { w, repo } = await readyWorker(1, (s) => s.replace("two", "TWO"));
    const p = await openPopup(sb, ["verdict", w.label], { cwd: repo });
    const card = await p.waitFor(/Accept\s+· promote the change set/, "ready card");
    expect(card).toMatch(/Change set 1 file \+1 −1/);
    await p.keys("Enter");
    await p.waitFor(/change set applied to/, "applied note");
    expect(readFileSync(join(repo, "src/a.txt"), "utf8")).toBe(A.replace("two", "TWO"));
    expect(git(repo, "status", "--porcelain")).toBe(" M src/a.txt"); // modified, not staged
    expect(git(repo, "log", "--oneline").split("\n")).toHaveLength(1); // not committed
    expect(readDecisions(sb.home).decisions.at(-1)).toMatchObject({ verb: "accept", label: w.label });
    expect(readStatus(sb.home, w.id).reviewedAt).toBeTruthy();
  });

  it("asks before applying over a parent edit of the same file; refused, the parent is unchanged", async () => {
    const { w, repo } = await readyWorker(2, (s) => s.replace("two", "TWO"));
    // The person edits the same file in the parent after the worker started (a hunk that still applies).
    const edited = A.replace("seven", "SEVEN");
    writeFileSync(join(repo, "src/a.txt"), edited);
    const before = git(repo, "status", "--porcelain");

    const p = await openPopup(sb, ["verdict", w.label], { cwd: repo, name: "conflict" });
    await p.waitFor(/Accept\s+· promote/, "ready card");
    await p.keys("Enter");
    const ask = await p.waitFor(/\[y\/N\]/, "confirmation");
    expect(ask).toContain(`Promote ${w.label} anyway?`);
    expect(ask).toContain("src/a.txt: parent changed this file since the worker started");
    await p.keys("n");
    await p.waitFor(/Accept\s+· promote/, "back on the card");
    expect(readFileSync(join(repo, "src/a.txt"), "utf8")).toBe(edited);
    expect(git(repo, "status", "--porcelain")).toBe(before);
    expect(readDecisions(sb.home).decisions.filter((d) => d.label === w.label)).toHaveLength(0);
    expect(readStatus(sb.home, w.id).reviewedAt).toBeUndefined();
    await p.keys("Escape");

    // Scripts get the same guard: refused without --yes, applied with it.
    const refused = await sb.docket(["verdict", w.label, "--accept"]);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toMatch(/add --yes to confirm/);
    expect(readFileSync(join(repo, "src/a.txt"), "utf8")).toBe(edited);
    const forced = await sb.docket(["verdict", w.label, "--accept", "--yes"]);
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(join(repo, "src/a.txt"), "utf8")).toBe(edited.replace("two", "TWO"));
  });

  it("a change set that cannot apply is refused whole and leaves the parent untouched", async () => {
    const { w, repo } = await readyWorker(3, (s) => s.replace("two", "TWO").replace("eight", "EIGHT"));
    const clash = A.replace("two", "deux");
    writeFileSync(join(repo, "src/a.txt"), clash);
    const r = await sb.docket(["verdict", w.label, "--accept", "--yes"]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/change set does not apply/);
    expect(readFileSync(join(repo, "src/a.txt"), "utf8")).toBe(clash); // not half-applied: "eight" untouched
    expect(readStatus(sb.home, w.id).reviewedAt).toBeUndefined();
  });

  it("another worker's change set on the same path is a reason to ask", async () => {
    const { w, repo } = await readyWorker(4, (s) => s.replace("one", "ONE"));
    const other = fixtureWorker({
      index: 5,
      state: "ready",
      project: repo,
      workspace: { type: "worktree", path: join(sb.dir, "ws5"), parentDir: repo, repoRoot: repo },
      changeSet: {
        baseline: "x",
        files: [{ path: "src/a.txt", added: 2, removed: 0 }],
        patch: "changeset.patch",
        frozenAt: new Date().toISOString(),
      },
    });
    writeNewStatus(sb.home, other);
    const r = await sb.docket(["verdict", w.label, "--accept"]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("w5's change set also touches this file");
    expect(readFileSync(join(repo, "src/a.txt"), "utf8")).toBe(A);
  });
});
