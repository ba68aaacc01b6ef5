// Must-show 4 (integrity and terminal safety): worker records whose question, options, summary,
// todos, failure reason, events and pane tail carry OSC, CSI and C1 sequences. `docket show`,
// `docket workers`, `docket log`, the inbox popup, the verdict popup and peek, each drawn in a real
// pane of a private tmux server, leave the pane's title and screen alone: the title set before stays,
// the card's text is all visible, nothing is hidden. And a notification carrying `#(touch …)`, `##(`,
// `#{pane_id}` and `#[fg=red]` shows exactly that text on a real client and runs nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DOCKET_BIN, makeSandbox, waitFor, type Sandbox } from "../helpers/sandbox.js";
import { fixtureWorker } from "../helpers/popup-fixtures.js";
import { writeNewStatus } from "../../src/store/workers.js";
import { workerPaths } from "../../src/store/layout.js";
import { displayCommands, notifyMessage } from "../../src/tmux/notify.js";
import { resolveOptions } from "../../src/tmux/options.js";

// Set-title (OSC 2, BEL and ST terminated; OSC 0), clear screen, conceal; C1 CSI and C1 OSC … ST.
const EVIL = "\x1b]2;PWNED\x07\x1b]0;PWNED\x1b\\\x1b[2J\x1b[8m\u009b2J\u009d0;PWNED\u009c";
const evil = (tag: string) => `${tag} ${EVIL} ${tag}-END`;

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
  // The asking worker has a live pane (a sleeper in the workers' session), so no reconcile calls it lost.
  const [windowId, paneId] = (
    await sb.tmux("new-session", "-d", "-s", "docket-workers", "-P", "-F", "#{window_id} #{pane_id}", "sleep 3600")
  )
    .trim()
    .split(" ");
  const asks = fixtureWorker({
    index: 1,
    ...common,
    tmux: { session: "docket-workers", windowName: "w1", windowId, paneId },
    task: evil("TASK"),
    state: "needs_input",
    todos: [{ id: "t1", text: evil("TODO"), state: "in_progress" }],
    question: {
      text: evil("QTEXT"),
      options: [evil("OPTA"), "plain option"],
      recommend: "plain option",
      risk: evil("RISK"),
      askedAt: ago(30),
    },
  });
  const failed = fixtureWorker({
    index: 2,
    ...common,
    state: "failed",
    failure: { reason: evil("REASON"), at: ago(200) },
  });
  const ready = fixtureWorker({
    index: 3,
    ...common,
    state: "ready",
    result: {
      outcome: "completed",
      summary: evil("SUMMARY"),
      evidence: [evil("EVIDENCE")],
      recommended: [],
      at: ago(300),
    },
  });
  for (const w of [asks, failed, ready]) writeNewStatus(sb.home, { ...w, workspace: ws(w.id) });
  writeFileSync(workerPaths(sb.home, failed.id).paneTail, `${evil("TAIL")}\nlast line of the tail\n`, { mode: 0o600 });
  const event = { ts: ago(100), kind: "state", payload: { from: "active", to: "needs_input", reason: evil("EVENT") } };
  writeFileSync(workerPaths(sb.home, asks.id).events, JSON.stringify(event) + "\n", { mode: 0o600 });
});
afterAll(async () => {
  await sb?.cleanup();
});

interface Pane {
  pane: string;
  title(): Promise<string>;
  screen(): Promise<string>;
  /** The screen with attributes (capture-pane -e). */
  styled(): Promise<string>;
  waitFor(re: RegExp, what: string): Promise<string>;
  keys(...k: string[]): Promise<void>;
}

/**
 * A pane whose title is set to `before` first; only then does the program start (it waits for a line
 * on stdin), so anything it prints is what could change the title.
 */
async function paneRunning(name: string, script: string): Promise<Pane> {
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
      name,
      "-c",
      sb.dir,
      `D='${DOCKET_BIN}'; read _ && ${script}; sleep 600`,
    )
  ).trim();
  await sb.tmux("select-pane", "-t", pane, "-T", "before");
  expect((await sb.tmux("display-message", "-p", "-t", pane, "#{pane_title}")).trim()).toBe("before");
  await sb.tmux("send-keys", "-t", pane, "Enter");
  const screen = () => sb.tmux("capture-pane", "-p", "-t", pane);
  return {
    pane,
    title: async () => (await sb.tmux("display-message", "-p", "-t", pane, "#{pane_title}")).trim(),
    screen,
    styled: () => sb.tmux("capture-pane", "-p", "-e", "-t", pane),
    keys: async (...k) => void (await sb.tmux("send-keys", "-t", pane, ...k)),
    waitFor: async (re, what) => {
      let last = "";
      try {
        return await waitFor(
          async () => {
            last = await screen();
            return re.test(last) ? last : "";
          },
          15_000,
          what,
        );
      } catch (err) {
        throw new Error(`${(err as Error).message}\n--- screen ---\n${last.trimEnd()}\n--------------`);
      }
    },
  };
}

/** Whether any SGR on the screen conceals text (parameter 8, not a 38;5;8 / 48;5;8 colour). */
function concealed(styled: string): boolean {
  for (const m of styled.matchAll(/\x1b\[([0-9;:]*)m/g)) {
    const ps = m[1]!.split(/[;:]/);
    for (let i = 0; i < ps.length; i++) {
      if ((ps[i] === "38" || ps[i] === "48" || ps[i] === "58") && ps[i + 1] === "5") i += 2;
      else if ((ps[i] === "38" || ps[i] === "48" || ps[i] === "58") && ps[i + 1] === "2") i += 4;
      else if (ps[i] === "8") return true;
    }
  }
  return false;
}

async function expectUntouched(p: Pane, visible: string[]): Promise<void> {
  expect(await p.title(), "the pane's title").toBe("before");
  const screen = await p.screen();
  for (const v of visible) expect(screen, `"${v}" on screen:\n${screen}`).toContain(v);
  expect(screen).toContain("␛]2;PWNED␇"); // the person sees that something odd was there
  expect(concealed(await p.styled())).toBe(false);
}

describe("terminal safety: worker text with escape sequences", () => {
  it("docket show prints every field escaped; title and screen untouched", async () => {
    const p = await paneRunning("show", `"$D" show w1; "$D" show w2; echo END-OF-OUTPUT`);
    await p.waitFor(/END-OF-OUTPUT/, "show output");
    // The first line of `show w1` is printed before any worker text: a clear would have wiped it.
    await expectUntouched(p, [
      "w1 task-1-",
      "TASK-END",
      "QTEXT-END",
      "OPTA-END",
      "RISK-END",
      "TODO-END",
      "REASON-END",
      "TAIL-END",
      "last line of the tail",
    ]);
  });

  it("docket workers and docket log", async () => {
    const p = await paneRunning("workers", `echo FIRST-LINE; "$D" workers --all; "$D" log; echo END-OF-OUTPUT`);
    await p.waitFor(/END-OF-OUTPUT/, "workers and log output");
    await expectUntouched(p, [
      "FIRST-LINE",
      "w1 ",
      "w2 ",
      "QTEXT",
      "REASON",
      "SUMMARY-END",
      "→ needs_input (EVENT ␛]2;PWNED␇",
      "QTEXT-END",
    ]);
  });

  it("the verdict popup's card and choices", async () => {
    const p = await paneRunning("verdict", `exec "$D" verdict w1`);
    await p.waitFor(/docket · verdict[\s\S]*Esc close/, "verdict screen");
    await expectUntouched(p, ["docket · verdict", "QTEXT-END", "RISK-END", "OPTA-END", "plain option"]);
    await p.keys("Escape");
    const q = await paneRunning("verdict-failed", `exec "$D" verdict w2`);
    await q.waitFor(/docket · verdict[\s\S]*Esc close/, "verdict screen of the failed worker");
    await expectUntouched(q, ["docket · verdict", "REASON-END", "TAIL-END", "last line of the tail"]);
    await q.keys("Escape");
  });

  it("the inbox popup's rows and preview cards", async () => {
    const p = await paneRunning("inbox", `exec "$D" inbox --all`);
    await p.waitFor(/w1\s+needs input[\s\S]*QTEXT-END/, "inbox list and the question's card");
    await expectUntouched(p, ["w1", "w2", "w3", "QTEXT", "QTEXT-END"]);
    await p.keys("Down");
    await p.waitFor(/REASON-END[\s\S]*TAIL-END/, "the failed worker's card");
    await expectUntouched(p, ["REASON-END", "TAIL-END"]);
    await p.keys("Escape");
    // Again, now painted from the view the first round wrote (the fast first paint when it is current).
    const again = await paneRunning("inbox-view", `exec "$D" inbox --all`);
    await again.waitFor(/w1\s+needs input[\s\S]*QTEXT-END/, "inbox from its view");
    await expectUntouched(again, ["QTEXT-END"]);
    await again.keys("Escape");
  });

  it("peek's header and the saved pane tail", async () => {
    const p = await paneRunning("peek", `exec "$D" peek w2`);
    await p.waitFor(/peek w2[\s\S]*last line of the tail/, "peek of a worker whose pane is gone");
    await expectUntouched(p, ["peek w2", "TAIL-END"]);
    await p.keys("q");
  });
});

describe("notifications keep '#' and run nothing", () => {
  let outer = "";
  const outerTmux = (...a: string[]) =>
    execa("tmux", ["-L", outer, ...a], { env: sb.env, extendEnv: false, reject: false });
  afterAll(async () => {
    if (outer) await outerTmux("kill-server");
  });

  it("shows the worker's text literally on a real client's status line", async () => {
    outer = `${sb.socket}-outer`;
    await outerTmux(
      "-f",
      "/dev/null",
      "new-session",
      "-d",
      "-s",
      "o",
      "-x",
      "180",
      "-y",
      "10",
      `env -u TMUX tmux -L ${sb.socket} attach -t main`,
    );
    const client = await waitFor(
      async () => (await sb.tmux("list-clients", "-F", "#{client_name}")).trim().split("\n")[0],
      10_000,
      "a client on the private server",
    );
    const marker = join(sb.dir, "ran");
    mkdirSync(sb.dir, { recursive: true });
    const text = `#(touch ${marker}) ##( #{pane_id} #[fg=red]red 50% %H \x1b]2;PWNED\x07`;
    const message = notifyMessage({ id: "x-1234", label: "w9", task: "t", from: "active", to: "needs_input", text });
    const shown = "w9 asks: " + `#(touch ${marker}) ##( #{pane_id} #[fg=red]red 50% %H ␛]2;PWNED␇`;
    expect(message).toBe(shown);
    for (const cmd of displayCommands(
      [client],
      message,
      resolveOptions(new Map([["@docket-notify-duration", "20000"]])),
    ))
      await sb.tmux(...cmd);
    const line = await waitFor(
      async () => {
        const screen = (await outerTmux("capture-pane", "-p", "-t", "o")).stdout;
        return screen.split("\n").find((l) => l.includes("w9 asks:"));
      },
      10_000,
      "the message on the client's status line",
    );
    expect(line.trimEnd()).toBe(shown);
    // tmux's own red style was not applied: the message is drawn in the message style only.
    const styled = (await outerTmux("capture-pane", "-p", "-e", "-t", "o")).stdout
      .split("\n")
      .find((l) => l.includes("w9 asks:"))!;
    expect(styled).not.toMatch(/\x1b\[[0-9;]*\b31m/);
    expect(existsSync(marker)).toBe(false);
  });
});
