// The inbox's pre-rendered view end to end (real tmux, real bin/docket): the first popup builds
// <home>/views/inbox-*.json, the next one paints from it unchanged, and a change made through the CLI
// gets the view rebuilt by the detached refresher, so the popup after that can paint from it too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { currentView, viewsDir, type InboxView } from "../../src/store/views.js";
import { writeJsonAtomic } from "../../src/store/fsutil.js";
import { workerPaths } from "../../src/store/layout.js";
import { makeRepo, makeSandbox, waitFor, type Sandbox } from "../helpers/sandbox.js";
import { openPopup, type PopupPane } from "../helpers/popup-pane.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

let sb: Sandbox;
let repo: string;
// Every age is hours old, so nothing on screen ticks between two popups, and no warning threshold lies
// ahead (the view's validUntil is far off).
const ago = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

beforeAll(async () => {
  sb = makeSandbox();
  await sb.startServer();
  repo = await makeRepo(join(sb.dir, "repo"));
  const common = { project: repo, createdAt: ago(5), updatedAt: ago(3.5) };
  const workers = [
    fixtureStatus(1, {
      ...common,
      state: "ready",
      result: {
        outcome: "completed",
        summary: "patched the parser",
        evidence: ["npm test: 12 passed"],
        recommended: [],
        at: ago(3.5),
      },
      changeSet: {
        baseline: "0".repeat(40),
        files: [{ path: "src/parse.ts", added: 40, removed: 12 }],
        patch: "changeset.patch",
        frozenAt: ago(3.5),
      },
    }),
    fixtureStatus(2, { ...common, state: "failed", failure: { reason: "cannot reach the database", at: ago(3.5) } }),
    fixtureStatus(3, {
      ...common,
      state: "needs_input",
      question: { text: "Which migration path?", options: ["safe", "fast"], recommend: "safe", askedAt: ago(3.5) },
    }),
    fixtureStatus(4, { ...common, state: "active", startedAt: ago(4), lastActivityAt: ago(3.5) }),
  ];
  for (const w of workers)
    writeJsonAtomic(workerPaths(sb.home, w.id).status, {
      ...w,
      workspace: { ...w.workspace, path: join(sb.dir, "ws", w.id), parentDir: repo },
    });
});

afterAll(async () => {
  await sb?.cleanup();
});

function viewFiles(): string[] {
  try {
    return readdirSync(viewsDir(sb.home)).filter((n) => /^inbox-[0-9a-f]{8}\.json$/.test(n));
  } catch {
    return [];
  }
}

function readView(): InboxView {
  const [name] = viewFiles();
  return JSON.parse(readFileSync(join(viewsDir(sb.home), name!), "utf8")) as InboxView;
}

/** The list side of the screen: each line up to the preview's border. */
function listSide(screen: string): string[] {
  return screen.split("\n").map((l) => l.split("│")[0]!.trimEnd());
}

async function closeWithQ(p: PopupPane): Promise<void> {
  await p.keys("q");
  await waitFor(async () => !(await p.alive()), 10_000, "inbox closes on q");
}

// The rows, and w3's card in the preview (its options: the row shows only the question).
const ROWS = /^(?=[\s\S]*w1\s+ready[\s\S]*w4\s+active)(?=[\s\S]*1 safe\s+· recommended)/;
const TITLE = /docket inbox · 3 need you · .*repo/;

describe("inbox popup and its pre-rendered view", () => {
  it("builds a view on first open, paints the same screen from it next time, and the refresher keeps it current after a CLI change", async () => {
    expect(viewFiles()).toEqual([]);

    // First open: no view yet; the inbox renders from the store and writes one.
    const first = await openPopup(sb, ["inbox"], { cwd: repo, name: "first" });
    const screen1 = await first.waitFor(ROWS, "inbox rows, first open");
    expect(screen1).toMatch(TITLE);
    await waitFor(() => viewFiles().length === 1, 10_000, "a view under <home>/views");
    const built = readView();
    expect(built.scope).toBe(repo);
    expect(built.agentDir).toBe(sb.agentDir);
    expect(built.cols).toBe(200); // the pane's width: the sandbox session is 200 columns
    expect(built.rows.map((r) => r.split("\t")[0])).toEqual(["w3", "w2", "w1", "w4"]);
    await closeWithQ(first);

    // Second open: painted from the view, which is not rebuilt (same builtAt), and shows the same list.
    expect(currentView(sb.home, built.scope, built.cols, built.color, built.agentDir, Date.now())).toBeDefined();
    const second = await openPopup(sb, ["inbox"], { cwd: repo, name: "second" });
    const screen2 = await second.waitFor(ROWS, "inbox rows, second open");
    expect(screen2).toMatch(TITLE);
    const rowLines = (s: string) => listSide(s).filter((l) => /\bw\d\s/.test(l) || /docket inbox ·/.test(l));
    expect(rowLines(screen2)).toEqual(rowLines(screen1));
    expect(rowLines(screen2).length).toBe(5);
    // The card of the top row (w3's question, with its options) is in the preview both times.
    for (const s of [screen1, screen2]) expect(s).toMatch(/2 fast/);
    await closeWithQ(second);
    expect(viewFiles()).toHaveLength(1);
    expect(readView().builtAt).toBe(built.builtAt);

    // A change through the CLI: w2's failure dismissed (marked reviewed). The CLI starts the refresher;
    // the view becomes current again, now showing w2 reviewed and ranked last.
    const r = await sb.docket(["verdict", "w2", "--dismiss"], { cwd: repo });
    expect(r.exitCode, r.stderr).toBe(0);
    const rebuilt = await waitFor(
      () => {
        const v = currentView(sb.home, built.scope, built.cols, built.color, built.agentDir, Date.now());
        return v && v.builtAt > built.builtAt ? v : undefined;
      },
      10_000,
      "the refresher to rebuild the view",
    );
    expect(rebuilt.rows.map((row) => row.split("\t")[0])).toEqual(["w3", "w1", "w4", "w2"]);
    expect(rebuilt.pending).toBe(2);
    const refresh = await sb.docket(["views", "refresh", "--verbose"], { cwd: repo });
    expect(refresh.stdout.trim()).toBe("0 views rebuilt");

    // The popup after that paints the new view.
    const third = await openPopup(sb, ["inbox"], { cwd: repo, name: "third" });
    const screen3 = await third.waitFor(/w4\s+active[\s\S]*w2\s+failed/, "inbox rows after the change");
    expect(screen3).toMatch(/docket inbox · 2 need you/);
    await closeWithQ(third);
    expect(readView().builtAt).toBe(rebuilt.builtAt);
  });
});
