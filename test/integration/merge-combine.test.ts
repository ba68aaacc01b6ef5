// `docket combine` against real git and a real terminal: two contested change sets (same line of one
// file) merge with diff3 markers labelled by worker and task; a scripted $EDITOR resolves them (or
// leaves a marker, or cancels). Only a fully resolved combination reaches the parent, unstaged; a
// refused or cancelled one leaves every byte, the index and the staged diff as they were.
import { afterEach, describe, expect, it } from "vitest";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { WorkerStatus } from "../../src/core/schema.js";
import { readDecisions } from "../../src/store/ledger.js";
import { readStatus, writeNewStatus } from "../../src/store/workers.js";
import { editLine, git, lines, makeMergeWorld, type MergeWorld, editIn } from "../helpers/merge-fixtures.js";
import { openPopup } from "../helpers/popup-pane.js";
import { makeSandbox, waitFor, type Sandbox } from "../helpers/sandbox.js";

const A = lines(40);
let world: MergeWorld | undefined;
let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.cleanup();
  world?.cleanup();
  sb = undefined;
  world = undefined;
});
const edit = editIn;

/** A shell script as $EDITOR; it also records that it ran (and with which files). */
function editorScript(name: string, body: string): string {
  const file = join(world!.dir, `${name}.sh`);
  writeFileSync(file, `#!/bin/sh\necho "$@" >> ${JSON.stringify(join(world!.dir, "editor-ran"))}\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}
const editorRan = () => existsSync(join(world!.dir, "editor-ran"));

// Keep both sides of every conflict: drop the marker lines and the base section.
const RESOLVE = `sed -i -e '/^<<<<<<< /d' -e '/^||||||| /,/^=======$/d' -e '/^>>>>>>> /d' "$@"`;

async function contested(): Promise<{ w1: WorkerStatus; w2: WorkerStatus }> {
  world = makeMergeWorld({ "src/a.txt": A, "README.md": "# r\n" });
  sb = makeSandbox({ DOCKET_HOME: world.home });
  await sb.startServer();
  const w1 = {
    ...(await world.worker(1, edit("src/a.txt", 10, "TEN by w1"))),
    task: "fix login",
    updatedAt: new Date().toISOString(),
  };
  const w2 = {
    ...(await world.worker(2, (ws) => {
      edit("src/a.txt", 10, "TEN by w2")(ws);
      writeFileSync(join(ws, "b.txt"), "new from w2\n"); // a clean file of the same combination
    })),
    task: "add logout",
    updatedAt: new Date().toISOString(),
  };
  writeNewStatus(world.home, w1);
  writeNewStatus(world.home, w2);
  return { w1, w2 };
}

/** Run `docket combine …` in a real terminal (a tmux window) and wait for it to finish. */
async function combineInTerminal(args: string[], editor: string): Promise<string> {
  const p = await openPopup(sb!, ["combine", ...args], {
    cwd: world!.repo,
    env: { EDITOR: editor, VISUAL: "" },
    name: `combine-${Math.random().toString(36).slice(2, 8)}`,
  });
  // Read the scrollback too: the pane's visible screen may have moved past the last line by the time it is dead.
  const all = () => sb!.tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", p.pane);
  return waitFor(
    async () => {
      const text = await all();
      return /docket: |combined into/.test(text) ? text : "";
    },
    30_000,
    "combine finished",
  );
}

describe("docket combine", () => {
  it("a contested pair with a resolving editor: the parent has the resolution, unstaged; one combine row", async () => {
    await contested();
    const r = await combineInTerminal(["w1", "w2"], editorScript("resolve", RESOLVE));
    expect(r).toMatch(/w1 and w2: combined into .* \(2 files, 1 resolved, unstaged\)/);
    expect(readFileSync(join(world!.dir, "editor-ran"), "utf8")).toMatch(/src\/a\.txt/); // only the conflicted file opens
    expect(world!.read("src/a.txt")).toBe(editLine(A, 10, "TEN by w1\nTEN by w2"));
    expect(world!.read("b.txt")).toBe("new from w2\n");
    expect(git(world!.repo, "status", "--porcelain")).toBe(" M src/a.txt\n?? b.txt");
    expect(git(world!.repo, "diff", "--cached")).toBe("");
    const rows = readDecisions(world!.home).decisions;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      verb: "combine",
      label: "w1",
      with: "w2",
      evidence: ["w1.changeset", "w2.changeset"],
    });
    expect(readStatus(world!.home, rows[0]!.worker).reviewedAt).toBeTruthy();
    expect(readStatus(world!.home, rows[0]!.withWorker as string).reviewedAt).toBeTruthy();
    const log = await sb!.docket(["decisions"]);
    expect(log.stdout).toMatch(/w1 +combine with w2/);
  });

  it("the editor sees diff3 markers labelled by worker and task", async () => {
    await contested();
    const copy = join(world!.dir, "seen.txt");
    await combineInTerminal(["w1", "w2"], editorScript("peek", `cat "$1" > ${JSON.stringify(copy)}; exit 1`));
    const seen = readFileSync(copy, "utf8");
    expect(seen).toContain(
      "<<<<<<< w1 (fix login)\nTEN by w1\n||||||| base\nline 10\n=======\nTEN by w2\n>>>>>>> w2 (add logout)\n",
    );
  });

  it("an editor that leaves a marker: refused naming file and line; the parent is byte-identical, index untouched", async () => {
    await contested();
    const before = world!.snapshot();
    const r = await combineInTerminal(["w1", "w2"], editorScript("half", `sed -i -e 's/^TEN by w1$/TEN (w1)/' "$@"`));
    expect(r).toMatch(/docket: src\/a\.txt:10: a conflict marker is left; nothing was written/);
    expect(editorRan()).toBe(true);
    expect(world!.snapshot()).toBe(before);
    expect(git(world!.repo, "status", "--porcelain")).toBe("");
    expect(git(world!.repo, "diff", "--cached")).toBe("");
    expect(readDecisions(world!.home).decisions).toHaveLength(0);
  });

  it("a cancelled edit (non-zero exit, or saved unchanged) leaves the parent byte-identical", async () => {
    await contested();
    const before = world!.snapshot();
    const failed = await combineInTerminal(["w1", "w2"], editorScript("fail", "exit 3"));
    expect(failed).toMatch(/docket: combine cancelled \(the editor exited non-zero\); nothing was written/);
    expect(world!.snapshot()).toBe(before);
    const unchanged = await combineInTerminal(["w1", "w2"], editorScript("noop", "exit 0"));
    expect(unchanged).toMatch(/docket: combine cancelled \(the files are unchanged/);
    expect(world!.snapshot()).toBe(before);
    expect(readDecisions(world!.home).decisions).toHaveLength(0);
    expect(readStatus(world!.home, "task-1-2001").reviewedAt).toBeUndefined();
  });

  it("after accepting w1, a conflicting accept of w2 names the path and both ways on; combine resolves it", async () => {
    await contested();
    const acc = await sb!.docket(["verdict", "w1", "--accept", "--yes"]); // w2 touches the same file: asked first
    expect(acc.stderr).toBe("");
    expect(acc.exitCode).toBe(0);
    const r = await sb!.docket(["verdict", "w2", "--accept", "--yes"]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("src/a.txt (lines 10-14)");
    expect(r.stderr).toContain("`docket combine w1 w2`");
    expect(r.stderr).toContain("`docket verdict w2 --send-back`");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    // Without a terminal the same combine is refused in one line, nothing written.
    const before = world!.snapshot();
    const refused = await sb!.docket(["combine", "w1", "w2"], { env: { EDITOR: editorScript("resolve", RESOLVE) } });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(
      /^docket: w1 and w2 conflict in src\/a\.txt \(lines 10-16\): resolving needs an editor in a terminal/,
    );
    expect(editorRan()).toBe(false);
    expect(world!.snapshot()).toBe(before);
    // In a terminal: w1's accepted line merges as a no-op, w2's conflicts against it.
    const done = await combineInTerminal(["w1", "w2"], editorScript("resolve", RESOLVE));
    expect(done).toMatch(/combined into/);
    expect(world!.read("src/a.txt")).toBe(editLine(A, 10, "TEN by w1\nTEN by w2"));
    expect(readDecisions(world!.home).decisions.map((d) => d.verb)).toEqual(["accept", "combine"]);
  });

  it("non-conflicting change sets combine at once: both edits, no editor started, no terminal needed", async () => {
    world = makeMergeWorld({ "src/a.txt": A });
    sb = makeSandbox({ DOCKET_HOME: world.home });
    writeNewStatus(world.home, await world.worker(1, edit("src/a.txt", 2, "TWO")));
    writeNewStatus(world.home, await world.worker(2, edit("src/a.txt", 30, "THIRTY")));
    const r = await sb.docket(["combine", "w1", "w2"], { env: { EDITOR: editorScript("resolve", RESOLVE) } });
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/w1 and w2: combined into .* \(1 file, unstaged\)/);
    expect(editorRan()).toBe(false);
    expect(world.read("src/a.txt")).toBe(editLine(editLine(A, 2, "TWO"), 30, "THIRTY"));
    expect(git(world.repo, "status", "--porcelain")).toBe(" M src/a.txt");
    expect(git(world.repo, "diff", "--cached")).toBe("");
    expect(readDecisions(world.home).decisions).toMatchObject([{ verb: "combine", label: "w1", with: "w2" }]);
  });

  it("the person's own uncommitted edit to a combined file: asked (refused without --yes), then merged, never overwritten", async () => {
    world = makeMergeWorld({ "src/a.txt": A });
    sb = makeSandbox({ DOCKET_HOME: world.home });
    writeNewStatus(world.home, await world.worker(1, edit("src/a.txt", 2, "TWO")));
    writeNewStatus(world.home, await world.worker(2, edit("src/a.txt", 30, "THIRTY")));
    const mine = editLine(A, 20, "MINE");
    world.write("src/a.txt", mine);
    const before = world.snapshot();
    const asked = await sb.docket(["combine", "w1", "w2"]);
    expect(asked.exitCode).not.toBe(0);
    expect(asked.stderr).toMatch(/Combine w1 and w2 over your own edits\?; +src\/a\.txt: you changed this file/);
    expect(world.snapshot()).toBe(before);
    const yes = await sb.docket(["combine", "w1", "w2", "--yes"]);
    expect(yes.exitCode).toBe(0);
    expect(world.read("src/a.txt")).toBe(editLine(editLine(mine, 2, "TWO"), 30, "THIRTY"));
  });

  it("a conflict with the parent's own edit: docket combine wN marks up parent vs wN", async () => {
    world = makeMergeWorld({ "src/a.txt": A });
    sb = makeSandbox({ DOCKET_HOME: world.home });
    await sb.startServer();
    writeNewStatus(world.home, {
      ...(await world.worker(3, edit("src/a.txt", 10, "TEN by w3"))),
      task: "fix login",
      updatedAt: new Date().toISOString(),
    });
    world.write("src/a.txt", editLine(A, 10, "TEN by me"));
    const r = await sb.docket(["verdict", "w3", "--accept", "--yes"]);
    expect(r.stderr).toContain("`docket combine w3`");
    const copy = join(world.dir, "seen.txt");
    const done = await combineInTerminal(["w3"], editorScript("keep", `cp "$1" ${JSON.stringify(copy)}; ${RESOLVE}`));
    expect(done).toMatch(/w3 with the parent: combined into/);
    expect(readFileSync(copy, "utf8")).toContain(
      "<<<<<<< parent\nTEN by me\n||||||| base\nline 10\n=======\nTEN by w3\n>>>>>>> w3 (fix login)\n",
    );
    expect(world.read("src/a.txt")).toBe(editLine(A, 10, "TEN by me\nTEN by w3"));
    expect(readDecisions(world.home).decisions).toMatchObject([{ verb: "combine", label: "w3", with: "parent" }]);
  });

  it("no terminal but a tmux client: the editor opens in a display-popup on that client, and the resolution is written", async () => {
    await contested();
    // A real client attached to the sandbox server (from a pane of another session, $TMUX unset).
    await sb!.tmux("new-session", "-d", "-s", "host", "-x", "200", "-y", "50");
    await sb!.tmux(
      "new-window",
      "-d",
      "-t",
      "host:",
      "-n",
      "client",
      "env",
      "-u",
      "TMUX",
      "tmux",
      "-L",
      sb!.socket,
      "attach",
      "-t",
      "main",
    );
    const tty = await waitFor(
      async () => (await sb!.tmux("list-clients", "-F", "#{client_tty}")).trim().split("\n")[0],
      15_000,
      "an attached client",
    );
    // An editor that fails in the popup: cancelled, nothing written.
    const before = world!.snapshot();
    const failed = await sb!.docket(["combine", "w1", "w2", "--client", tty], {
      env: { EDITOR: editorScript("fail", "exit 1"), VISUAL: "" },
    });
    expect(failed.exitCode).not.toBe(0);
    expect(failed.stderr).toMatch(/^docket: combine cancelled \(the editor exited non-zero\); nothing was written/);
    expect(editorRan()).toBe(true);
    expect(world!.snapshot()).toBe(before);
    const r = await sb!.docket(["combine", "w1", "w2", "--client", tty], {
      env: { EDITOR: editorScript("resolve", RESOLVE), VISUAL: "" },
    });
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(world!.read("src/a.txt")).toBe(editLine(A, 10, "TEN by w1\nTEN by w2"));
    expect(git(world!.repo, "diff", "--cached")).toBe("");
  });
});
