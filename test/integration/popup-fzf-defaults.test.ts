// The person's FZF_DEFAULT_OPTS do not reshape docket's popups: with `--height 40% --border` (and
// options that change what fzf prints or the order it lists), the inbox fills the pane as it does
// without them, lists in the same order, and its keys still act.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { makeSandbox, waitFor, type Sandbox } from "../helpers/sandbox.js";
import { openPopup } from "../helpers/popup-pane.js";
import { fixtureWorker } from "../helpers/popup-fixtures.js";
import { readStatus, writeNewStatus } from "../../src/store/workers.js";

let sb: Sandbox;
const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();
const ids: string[] = [];

beforeAll(async () => {
  sb = makeSandbox();
  await sb.startServer();
  const common = { project: join(sb.dir, "repo"), createdAt: ago(600), updatedAt: ago(60) };
  const failed = fixtureWorker({
    index: 1,
    ...common,
    state: "failed",
    failure: { reason: "cannot reach the database", at: ago(200) },
  });
  const question = fixtureWorker({
    index: 2,
    ...common,
    state: "needs_input",
    question: { text: "Which migration path?", options: ["safe", "fast"], askedAt: ago(30) },
  });
  for (const w of [failed, question]) {
    writeNewStatus(sb.home, {
      ...w,
      workspace: { type: "worktree", path: join(sb.dir, "ws", w.id), parentDir: join(sb.dir, "repo") },
    });
    ids.push(w.id);
  }
});
afterAll(async () => sb?.cleanup());

/** Where the title, the question row and the failure row are, and how many lines are drawn. */
async function layout(env: Record<string, string>, name: string) {
  const p = await openPopup(sb, ["inbox", "--all"], { env, name });
  const screen = await p.waitFor(
    /^(?=[\s\S]*w2\s+needs input)(?=[\s\S]*w1\s+failed)(?=[\s\S]*Which migration path)/,
    "inbox rows and the top card",
  );
  const lines = screen.replace(/\n+$/, "").split("\n");
  const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
  return {
    p,
    screen,
    shape: {
      title: at(/docket inbox ·/),
      question: at(/w2\s+needs input/),
      failure: at(/w1\s+failed/),
      drawn: lines.length,
      bordered: /[╭┌]/.test(lines[0] ?? ""),
    },
  };
}

describe("FZF_DEFAULT_OPTS", () => {
  it("--height 40% --border (and --tac --print-query) leave the inbox's layout and keys as they are", async () => {
    const plain = await layout({}, "plain");
    await plain.p.keys("q");
    expect(plain.shape.title).toBeGreaterThanOrEqual(0);
    expect(plain.shape.question).toBeLessThan(plain.shape.failure);

    const theirs = await layout(
      { FZF_DEFAULT_OPTS: "--height 40% --border --tac --print-query --color=fg:#d0d0d0" },
      "theirs",
    );
    expect(theirs.shape).toEqual(plain.shape);
    // Keys still act on the row under the cursor (--print-query would add a line to what fzf prints).
    await theirs.p.keys("Space");
    await waitFor(() => readStatus(sb.home, ids[1]!).reviewedAt, 10_000, "reviewedAt on w2");
    await theirs.p.waitFor(/w2 done/, "note after Space");
    await theirs.p.keys("q");
    await waitFor(async () => !(await theirs.p.alive()), 10_000, "inbox closes on q");
  });
});
