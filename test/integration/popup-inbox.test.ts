// The inbox popup in a pane of a private tmux server: ranking on screen, previews, Space, --plain/--json,
// the empty inbox and a missing fzf.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { execaSync } from "execa";
import { DOCKET_BIN, makeSandbox, waitFor, type Sandbox } from "../helpers/sandbox.js";
import { openPopup } from "../helpers/popup-pane.js";
import { fixtureWorker } from "../helpers/popup-fixtures.js";
import { readStatus, writeNewStatus } from "../../src/store/workers.js";

let sb: Sandbox;
const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();

beforeAll(async () => {
  sb = makeSandbox();
  await sb.startServer();
  const ws = (id: string) => ({
    type: "worktree" as const,
    path: join(sb.dir, "ws", id),
    parentDir: join(sb.dir, "repo"),
  });
  const common = { project: join(sb.dir, "repo"), createdAt: ago(600), updatedAt: ago(60) };
  // Oldest first within a tier, but tiers win: the question is the newest item and still comes first.
  const ready = fixtureWorker({
    index: 1,
    ...common,
    state: "ready",
    result: {
      outcome: "completed",
      summary: "patched the parser",
      evidence: ["npm test: 12 passed"],
      recommended: [],
      at: ago(300),
    },
    changeSet: {
      baseline: "b",
      files: [{ path: "src/parse.ts", added: 40, removed: 12 }],
      patch: "changeset.patch",
      frozenAt: ago(300),
    },
  });
  const failed = fixtureWorker({
    index: 2,
    ...common,
    state: "failed",
    failure: { reason: "cannot reach the database", at: ago(200) },
  });
  const question = fixtureWorker({
    index: 3,
    ...common,
    state: "needs_input",
    question: {
      text: "Which migration path should I take?",
      options: ["safe path", "fast path"],
      recommend: "safe path",
      risk: "irreversible: drops the sessions table",
      askedAt: ago(30),
    },
  });
  const running = fixtureWorker({ index: 4, ...common, state: "active", heartbeatAt: ago(1), lastActivityAt: ago(1) });
  for (const w of [ready, failed, question, running]) writeNewStatus(sb.home, { ...w, workspace: ws(w.id) });
});
afterAll(async () => {
  await sb?.cleanup();
});

describe("docket inbox popup", () => {
  it("ranks a question above a failure above a ready result, with the card preview", async () => {
    const p = await openPopup(sb, ["inbox", "--all"]);
    // fzf draws the list first and runs the preview command after: wait for both.
    const screen = await p.waitFor(
      /^(?=[\s\S]*w1\s+ready)(?=[\s\S]*irreversible: drops the sessions table)/,
      "inbox list and the top card",
    );
    const rows = screen.split("\n");
    const at = (re: RegExp) => rows.findIndex((l) => re.test(l));
    expect(at(/w3\s+needs input/)).toBeGreaterThan(-1);
    expect(at(/w3\s+needs input/)).toBeLessThan(at(/w2\s+failed/));
    expect(at(/w2\s+failed/)).toBeLessThan(at(/w1\s+ready/));
    expect(at(/w1\s+ready/)).toBeLessThan(at(/w4\s+active/));
    expect(screen).toContain("1 file +40 −12");
    // The preview shows the top item's card: risk line and options.
    expect(screen).toContain("irreversible: drops the sessions table");
    expect(screen).toMatch(/2 fast path/);
    // Moving the cursor changes the preview to the failure's card.
    await p.keys("j");
    await p.waitFor(/cannot reach the database/, "failure card in the preview");
    // Space marks w2 done: it dims and sinks below the ready result.
    await p.keys("Space");
    await waitFor(() => readStatus(sb.home, fixtureId(2)).reviewedAt, 10_000, "reviewedAt on w2");
    const after = await p.waitFor(/w2 done/, "note after Space");
    const lines = after.split("\n");
    // The note takes the key-help line; the title line stays whole.
    expect(lines.find((l) => l.includes("w2 done"))).not.toMatch(/Enter verdict|need you/);
    expect(after).toMatch(/docket inbox · \d+ need you · all projects/);
    expect(lines.findIndex((l) => /w2\s+failed/.test(l))).toBeGreaterThan(
      lines.findIndex((l) => /w4\s+active/.test(l)),
    );
    await p.keys("q");
    await waitFor(async () => !(await p.alive()), 10_000, "inbox closes on q");
  });

  it("i pastes a compact reference, I the full text, into the origin pane", async () => {
    const origin = (
      await sb.tmux("new-window", "-d", "-P", "-F", "#{pane_id}", "-t", "main:", "-n", "origin", "cat")
    ).trim();
    const p = await openPopup(sb, ["inbox", "--all", "--origin-pane", origin], { name: "paste" });
    await p.waitFor(/w3\s+needs input/, "inbox list");
    await p.keys("i");
    await p.waitFor(/pasted reference of w3\.q1/, "paste note");
    const shown = await waitFor(
      async () => {
        const s = await sb.tmux("capture-pane", "-p", "-J", "-t", origin);
        return s.includes("[docket w3.q1]") ? s : "";
      },
      10_000,
      "reference in the origin pane",
    );
    expect(shown).toContain("Question: Which migration path should I take?");
    await p.keys("I");
    await waitFor(
      async () => (await sb.tmux("capture-pane", "-p", "-J", "-t", origin)).includes("options: 1) safe path"),
      10_000,
      "full text in the origin pane",
    );
    await p.keys("q");
  });

  it("--plain and --json print the ranked list", async () => {
    const plain = await sb.docket(["inbox", "--all", "--plain"]);
    expect(plain.exitCode).toBe(0);
    const labels = plain.stdout
      .trim()
      .split("\n")
      .map((l) => l.split(/\s+/)[0]);
    // w2 was marked done in the popup above: reviewed items sink below running ones.
    expect(labels).toEqual(["w3", "w1", "w4", "w2"]);
    const json = await sb.docket(["inbox", "--all", "--json"]);
    const items = JSON.parse(json.stdout).items as Array<{ key: string; group: string }>;
    expect(items[0]).toMatchObject({ key: "w3", group: "question" });
    expect(items.map((i) => i.key)).toContain("w1");
  });

  it("an empty inbox says so and how to start a worker", async () => {
    const empty = makeSandbox();
    try {
      const r = await empty.docket(["inbox", "--all", "--plain"]);
      expect(r.stdout).toMatch(/inbox empty: start a worker with `docket spawn <task>`/);
      await empty.startServer();
      const p = await openPopup(empty, ["inbox", "--all"]);
      const s = await p.waitFor(/Inbox is empty/, "empty message");
      expect(s).toContain("docket spawn <task>");
      // The verdict with nothing to decide, and nothing decided yet: not "nothing else".
      const v = await openPopup(empty, ["verdict", "--all"], { name: "verdict" });
      const vs = await v.waitFor(/needs a decision/, "the verdict's empty message");
      expect(vs).toContain("Nothing needs a decision.");
      expect(vs).not.toContain("Nothing else");
    } finally {
      await empty.cleanup();
    }
  });

  it("without fzf: one line naming fzf and how to install it", async () => {
    const bin = join(sb.dir, "nofzf-bin");
    mkdirSync(bin, { recursive: true });
    for (const tool of ["node", "dirname"])
      symlinkSync(execaSync("sh", ["-c", `command -v ${tool}`]).stdout.trim(), join(bin, tool));
    // In a terminal (without one the inbox says it needs one first). env(1) sets PATH: tmux's -e does not reach the command's lookup.
    const pane = (
      await sb.tmux(
        "new-window",
        "-d",
        "-P",
        "-F",
        "#{pane_id}",
        "-t",
        "main:",
        "-n",
        "nofzf",
        "env",
        `PATH=${bin}:/nonexistent`,
        DOCKET_BIN,
        "inbox",
        "--all",
      )
    ).trim();
    await sb.tmux("set-option", "-w", "-t", pane, "remain-on-exit", "on");
    await waitFor(
      async () => (await sb.tmux("display-message", "-p", "-t", pane, "#{pane_dead}")).trim() === "1",
      10_000,
      "the inbox ends",
    );
    const shown = await sb.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", pane); // with the history: the error may have scrolled up
    const said = shown
      .trim()
      .split("\n")
      .filter((l) => l.startsWith("docket:"));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^docket: fzf not found on PATH; .*install fzf/);
    expect((await sb.tmux("display-message", "-p", "-t", pane, "#{pane_dead_status}")).trim()).not.toBe("0");
  });

  it("without a terminal: one line saying it needs one and what scripts use", async () => {
    for (const args of [
      ["inbox", "--all"],
      ["inbox"],
      ["verdict", "--origin-pane", "%0", "--client", ""],
      ["verdict", "w3"],
      ["peek", "w3"],
    ]) {
      const r = await sb.docket(args);
      expect(r.exitCode, args.join(" ")).toBe(2);
      expect(r.stdout, args.join(" ")).toBe(""); // no full-screen escapes into the pipe
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr, args.join(" ")).toMatch(
        new RegExp(`^docket: ${args[0]} needs a terminal \\(stdout is not a terminal\\)`),
      );
    }
    expect((await sb.docket(["inbox"])).stderr).toContain("docket inbox --plain or docket inbox --json");
    expect((await sb.docket(["verdict", "w3"])).stderr).toContain("docket verdict wN --accept");
    expect((await sb.docket(["peek", "w3"])).stderr).toContain("docket show wN");
    // Scripts' own forms still work.
    expect((await sb.docket(["inbox", "--plain", "--all"])).stdout).toMatch(/w3\s+needs input/);
  });
});

function fixtureId(index: number): string {
  return `task-${index}-${(0x1000 + index).toString(16)}`;
}
