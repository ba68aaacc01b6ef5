// Peek in a pane of a private tmux server: shows the worker's pane content live, never resizes or
// focuses the worker's window; n/p move between workers; q closes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, waitFor, type Sandbox } from "../helpers/sandbox.js";
import { openPopup } from "../helpers/popup-pane.js";
import { fixtureWorker } from "../helpers/popup-fixtures.js";
import { writeNewStatus } from "../../src/store/workers.js";

let sb: Sandbox;

async function fakeWorker(index: number, marker: string) {
  // A stand-in worker window in the shared session, printing a marker then a counter (live output).
  const script = `echo ${marker}; i=0; while true; do i=$((i+1)); echo tick-${marker}-$i; sleep 0.3; done`;
  const out = await sb.tmux(
    "new-window",
    "-d",
    "-P",
    "-F",
    "#{window_id} #{pane_id}",
    "-t",
    "docket-workers:",
    "-n",
    `w${index}`,
    "sh",
    "-c",
    script,
  );
  const [windowId, paneId] = out.trim().split(" ");
  const w = fixtureWorker({
    index,
    state: "active",
    project: sb.dir,
    workspace: { type: "parent", path: sb.dir, parentDir: sb.dir },
    tmux: { session: "docket-workers", windowName: `w${index}`, windowId, paneId },
  });
  writeNewStatus(sb.home, w);
  return { windowId: windowId!, paneId: paneId! };
}

beforeAll(async () => {
  sb = makeSandbox();
  await sb.startServer();
  // The worker session has its own size, different from the session the popup runs in.
  await sb.tmux("new-session", "-d", "-s", "docket-workers", "-x", "91", "-y", "27", "-n", "home", "sh");
});
afterAll(async () => {
  await sb?.cleanup();
});

describe("docket peek", () => {
  it("shows the worker's live pane, read-only; the worker window keeps its size and focus", async () => {
    const one = await fakeWorker(1, "PEEK-ONE");
    await fakeWorker(2, "PEEK-TWO");
    const size = (t: string) =>
      sb.tmux("display-message", "-p", "-t", t, "#{window_width}x#{window_height} active=#{window_active}");
    const before = await size(one.windowId);
    const activeBefore = await sb.tmux("display-message", "-p", "-t", "docket-workers:", "#{window_id}");

    const p = await openPopup(sb, ["peek", "w1"], { name: "peek" });
    const screen = await p.waitFor(/PEEK-ONE/, "worker pane content");
    expect(screen).toMatch(/peek w1/);
    // Refreshed live: a later counter line shows up without any key.
    const first = Number(/tick-PEEK-ONE-(\d+)/.exec(screen)?.[1] ?? 0);
    await waitFor(
      async () => {
        const m = [...(await p.screen()).matchAll(/tick-PEEK-ONE-(\d+)/g)].map((x) => Number(x[1]));
        return m.some((n) => n > first + 1);
      },
      10_000,
      "peek refreshes",
    );
    // n: next worker.
    await p.keys("n");
    await p.waitFor(/peek w2[\s\S]*PEEK-TWO/, "next worker");
    await p.keys("q");
    await waitFor(async () => !(await p.alive()), 10_000, "peek closes on q");

    expect(await size(one.windowId)).toBe(before);
    expect(await sb.tmux("display-message", "-p", "-t", "docket-workers:", "#{window_id}")).toBe(activeBefore);
  });

  it("the picker moves with j/k as the inbox does (not typed into a filter); / filters", async () => {
    const p = await openPopup(sb, ["peek"], { name: "pick" });
    await p.waitFor(/peek: pick a worker[\s\S]*w2/, "the picker");
    await p.keys("j");
    await p.waitFor(/^>\s*w2/m, "the cursor on w2");
    await p.keys("k");
    await p.waitFor(/^>\s*w1/m, "the cursor back on w1");
    expect(await p.screen()).not.toMatch(/^\s*[jk]\s*$/m);
    await p.keys("j", "Enter");
    await p.waitFor(/peek w2[\s\S]*PEEK-TWO/, "peek on w2");
    await p.keys("q");
    await waitFor(async () => !(await p.alive()), 10_000, "peek closes on q");

    const f = await openPopup(sb, ["peek"], { name: "pick2" });
    await f.waitFor(/peek: pick a worker[\s\S]*w2/, "the picker");
    await f.keys("/", "w2");
    await f.waitFor(/^\/ w2/m, "typed into the filter");
    await f.keys("Enter");
    await f.waitFor(/peek w2[\s\S]*PEEK-TWO/, "peek on the filtered worker");
    await f.keys("q");
  });

  it("a bad ref is one clear error", async () => {
    const r = await sb.docket(["peek", "w99"]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr.trim()).toBe("docket: unknown worker: w99");
  });
});
