// `d` on a change set, in the verdict and the inbox, opens the review view; its `v` shows the coloured
// diff in less, which stays on screen until `q`, a one-line diff too (less -F used to quit at once and
// the view repainted over it), even when the person's $LESS asks for -F; `q` brings the view back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, type Sandbox } from "../helpers/sandbox.js";
import { openPopup } from "../helpers/popup-pane.js";
import { readyWorkerWithChangeSet } from "../helpers/popup-fixtures.js";

let sb: Sandbox;

/** A ready worker (fixture) whose change set edits src/a.txt of a fresh parent repo. */
const readyWorker = (index: number) =>
  readyWorkerWithChangeSet(sb, index, { "src/a.txt": "one\ntwo\nthree\n" }, (s) => s.replace("two", "TWO"));

beforeAll(async () => {
  sb = makeSandbox();
  await sb.startServer();
});
afterAll(async () => {
  await sb?.cleanup();
});

describe("the diff key", () => {
  it("verdict: d then v: a one-line diff stays in less (even with LESS=-F) until q, then the card is back", async () => {
    const { w, repo } = await readyWorker(1);
    const p = await openPopup(sb, ["verdict", w.label], { cwd: repo, env: { LESS: "-F" }, name: "vdiff" });
    await p.waitFor(/Accept\s+· promote the change set/, "ready card");
    await p.keys("d");
    await p.waitFor(/review v1/, "the review view");
    await p.keys("v");
    // less is still showing it: its end-of-file prompt is on screen (with -F it would have quit already).
    const diff = await p.waitFor(/\(END\)/, "the diff held in less");
    expect(diff).toContain(`${w.label} · change set`);
    expect(diff).toMatch(/^-two$/m);
    expect(diff).toMatch(/^\+TWO$/m);
    await p.keys("q");
    await p.waitFor(/^(?![\s\S]*\(END\))[\s\S]*review v1/, "back on the review view");
    await p.keys("q");
    // less -X leaves the card's lines above the diff: wait for a screen without less's prompt.
    await p.waitFor(/^(?![\s\S]*\(END\))[\s\S]*Accept\s+· promote the change set/, "back on the card");
    expect(await p.alive()).toBe(true);
  });

  it("inbox: d then v shows the diff until q, then the list is back", async () => {
    const { w, repo } = await readyWorker(2);
    const p = await openPopup(sb, ["inbox", "--all"], { cwd: repo, env: { LESS: "-F" }, name: "idiff" });
    await p.waitFor(new RegExp(`${w.label}\\s+ready`), "ready row");
    await p.keys("d");
    await p.waitFor(/review v1/, "the review view");
    await p.keys("v");
    const diff = await p.waitFor(/\(END\)/, "the diff held in less");
    expect(diff).toMatch(/^\+TWO$/m);
    await p.keys("q");
    await p.waitFor(/^(?![\s\S]*\(END\))[\s\S]*review v1/, "back on the review view");
    await p.keys("q");
    await p.waitFor(new RegExp(`^(?![\\s\\S]*\\(END\\))[\\s\\S]*${w.label}\\s+ready`), "back on the list");
    expect(await p.alive()).toBe(true);
  });
});
