// `docket search` as a person runs it: fzf in a pane of a private tmux server. The preview shows the
// full text of the row under the cursor from files written before fzf needs them (`cat`, not a node
// start per cursor move), and the temp dir holding them is gone when fzf ends (Enter or Esc).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DOCKET_BIN, makeSandbox, waitFor, type Sandbox } from "../helpers/sandbox.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";
import { writeNewStatus } from "../../src/store/workers.js";
import { workerPaths } from "../../src/store/layout.js";
import { createBundle } from "../../src/store/bundles.js";

let sb: Sandbox;
let tmp: string;

beforeAll(async () => {
  sb = makeSandbox();
  tmp = join(sb.dir, "tmp");
  mkdirSync(tmp);
  const now = new Date().toISOString();
  const w = fixtureStatus(1, { state: "active", createdAt: now, updatedAt: now });
  writeNewStatus(sb.home, w);
  writeFileSync(
    workerPaths(sb.home, w.id).artifacts,
    JSON.stringify({
      items: [
        {
          id: "c1",
          type: "command",
          at: "2025-01-01T00:02:00.000Z",
          title: "Command failed: npm test auth",
          text: "1 failing: login rejects expired tokens",
          exitCode: 1,
        },
        {
          id: "e1",
          type: "error",
          at: "2025-01-01T00:01:00.000Z",
          title: "TypeError: auth boom",
          text: "at auth.ts:42 session is undefined",
        },
      ],
    }),
  );
  createBundle(sb.home, {
    title: "auth notes",
    sources: ["w1"],
    items: [
      {
        id: "n1",
        type: "note",
        at: "2025-01-01T00:03:00.000Z",
        title: "auth token rotation",
        text: "rotate keys weekly",
        origin: "w1.n1",
      },
    ],
  });
  await sb.startServer();
});
afterAll(async () => {
  await sb?.cleanup();
});

const FULL: Record<string, string> = {
  "w1.c1": "[docket w1.c1] Command failed: npm test auth (command · exit 1)",
  "w1.e1": "[docket w1.e1] TypeError: auth boom (error)",
  "b1.n1": "[docket b1.n1] auth token rotation (note · from w1.n1)",
};

async function screen(pane: string): Promise<string> {
  return sb.tmux("capture-pane", "-p", "-t", pane);
}

/** The ref on fzf's cursor row (the line starting with its `>` pointer). */
function cursorRef(text: string): string | undefined {
  const line = text.split("\n").find((l) => /^>\s+[wb]\d+\.[a-z]\d+/.test(l));
  return line?.match(/[wb]\d+\.[a-z]\d+/)?.[0];
}

const pickDirs = () => readdirSync(tmp).filter((n) => n.startsWith("docket-pick-"));

async function openSearch(): Promise<string> {
  const pane = (
    await sb.tmux(
      "new-window",
      "-d",
      "-P",
      "-F",
      "#{pane_id}",
      "-e",
      `DOCKET_HOME=${sb.home}`,
      "-e",
      `TMPDIR=${tmp}`,
      "-e",
      "TMUX_PANE=",
      DOCKET_BIN,
      "search",
      "auth",
    )
  ).trim();
  await sb.tmux("set-option", "-p", "-t", pane, "remain-on-exit", "on");
  await waitFor(
    async () => {
      const s = await screen(pane);
      return Object.keys(FULL).every((r) => s.includes(r));
    },
    15_000,
    "fzf list",
  );
  return pane;
}

async function paneDead(pane: string): Promise<boolean> {
  return (await sb.tmux("display-message", "-p", "-t", pane, "#{pane_dead}")).trim() === "1";
}

describe("interactive search", () => {
  it("previews the item under the cursor from pre-rendered files and removes them when done", async () => {
    const pane = await openSearch();
    const first = cursorRef(await screen(pane));
    expect(first && FULL[first]).toBeTruthy();
    await waitFor(async () => (await screen(pane)).includes(FULL[first!]!), 15_000, "preview of the first row");
    // The previews are files in one private temp dir, one per row, readable only by the owner.
    const dirs = pickDirs();
    expect(dirs).toHaveLength(1);
    const dir = join(tmp, dirs[0]!);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    await waitFor(() => readdirSync(dir).length === 3, 15_000, "all previews written");
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);

    // Moving the cursor shows the next row's full text instead.
    await sb.tmux("send-keys", "-t", pane, "Down");
    let second: string | undefined;
    await waitFor(
      async () => {
        const s = await screen(pane);
        second = cursorRef(s);
        return !!second && second !== first && s.includes(FULL[second]!) && !s.includes(FULL[first!]!);
      },
      15_000,
      "preview follows the cursor",
    );

    // Enter ends the picker (the ref it returns is pinned by evidence-save-interactive); the preview dir is gone.
    await sb.tmux("send-keys", "-t", pane, "Enter");
    await waitFor(() => paneDead(pane), 15_000, "search exits");
    expect(pickDirs()).toEqual([]);
  });

  it("removes the preview files when the person presses Esc", async () => {
    const pane = await openSearch();
    await waitFor(() => pickDirs().length === 1, 15_000, "preview dir");
    await sb.tmux("send-keys", "-t", pane, "Escape");
    await waitFor(() => paneDead(pane), 15_000, "search exits");
    expect(pickDirs()).toEqual([]);
  });
});
