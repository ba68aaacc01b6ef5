// The stale-card guard (issue 9): a verdict painted for one question is never applied once the worker
// has moved on (a new question, an answer from elsewhere): the popup says so in one line, sends
// nothing, writes no ledger row, and shows the worker's card as it is now.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { writeJsonAtomic } from "../../src/store/fsutil.js";
import { workerPaths } from "../../src/store/layout.js";
import { makeRepo, makeSandbox, type Sandbox } from "../helpers/sandbox.js";
import { openPopup } from "../helpers/popup-pane.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

let sb: Sandbox;
let repo: string;
const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();

function write(over: Record<string, unknown>): string {
  const w = fixtureStatus(1, { project: repo, createdAt: ago(60), updatedAt: ago(30), state: "needs_input", ...over });
  writeJsonAtomic(workerPaths(sb.home, w.id).status, {
    ...w,
    workspace: { ...w.workspace, path: join(sb.dir, "ws"), parentDir: repo },
  });
  return w.id;
}

beforeAll(async () => {
  sb = makeSandbox();
  await sb.startServer();
  repo = await makeRepo(join(sb.dir, "repo"));
});
afterAll(async () => sb?.cleanup());

describe("verdict on a card that went stale", () => {
  it("refuses, sends nothing, and repaints the worker as it is now", async () => {
    const first = { text: "Which migration path?", options: ["safe", "fast"], askedAt: ago(20) };
    const id = write({ question: first, questions: [first] });
    const v = await openPopup(sb, ["verdict", "w1"], { cwd: repo, name: "verdict" });
    await v.waitFor(/Which migration path\?/, "the card for the first question");

    // Meanwhile the first question was answered elsewhere and the worker asked another.
    const second = { text: "Drop the old table too?", options: ["yes", "no"], askedAt: ago(1) };
    const answered = { ...first, answeredAt: ago(2), answer: "safe" };
    write({ question: second, questions: [answered, second] });
    await v.keys("2");

    const screen = await v.waitFor(/moved on since this card was drawn/, "the refusal");
    expect(screen).toContain(
      "w1 moved on since this card was drawn (it asks now: Drop the old table too?); nothing was sent",
    );
    expect(screen).toMatch(/▸? ?1 yes/); // the card now shows the new question's options
    const inbox = workerPaths(sb.home, id).inbox;
    expect(existsSync(inbox) ? readdirSync(inbox).filter((n) => n.endsWith(".json")) : []).toEqual([]);
    expect(existsSync(join(sb.home, "decisions.ndjson"))).toBe(false);
  });
});
