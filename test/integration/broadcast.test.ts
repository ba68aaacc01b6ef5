// docket broadcast with real pi workers: --touching reaches only the worker whose edits match, a plain
// broadcast reaches every running worker of the project, each with its own receipts, and the ledger
// records each broadcast once with its recipients.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeDrill, type Drill } from "../helpers/drill.js";
import { waitFor } from "../helpers/sandbox.js";
import { openPopup } from "../helpers/popup-pane.js";
import type { Decision } from "../../src/core/schema.js";

const ONLY_SRC = "BCAST-ONE: src/ is frozen for the release";
const EVERYONE = "BCAST-ALL: wrap up within ten minutes";

describe("docket broadcast", () => {
  let d: Drill;
  beforeAll(async () => {
    d = await makeDrill([
      {
        match: "EDITOR-TASK",
        steps: [
          {
            tools: [
              { name: "edit", args: { path: "src/a.txt", edits: [{ oldText: "two\n", newText: "two\nthree\n" }] } },
            ],
          },
          { tools: [{ name: "docket_wait", args: { question: "EDITOR asks: keep going?" } }] },
          { tools: [{ name: "docket_wait", args: { question: "EDITOR asks again" } }] },
          { tools: [{ name: "docket_wait", args: { question: "EDITOR asks a third time" } }] },
        ],
        after: { text: "ok" },
      },
      {
        match: "READER-TASK",
        steps: [
          { tools: [{ name: "docket_wait", args: { question: "READER asks: anything else?" } }] },
          { tools: [{ name: "docket_wait", args: { question: "READER asks again" } }] },
        ],
        after: { text: "ok" },
      },
    ]);
  });
  afterAll(async () => d?.cleanup());

  it("sends through each worker's own mailbox and records one ledger row per broadcast", async () => {
    const a = await d.spawn("EDITOR-TASK: add a line", ["--worktree"]);
    const b = await d.spawn("READER-TASK: read the README");
    await d.waitState(a.label, (s) => s.state === "needs_input", "needs_input");
    await d.waitState(b.label, (s) => s.state === "needs_input", "needs_input");

    const one = await d.sb.docket(["broadcast", "--touching", "src/**", "--", ONLY_SRC], { cwd: d.repo });
    expect(one.exitCode, one.stderr).toBe(0);
    expect(one.stdout).toContain(`${a.label}  queued`);
    expect(one.stdout).not.toContain(`${b.label}  `);
    expect(one.stdout).toContain("sent to 1 worker");
    await waitFor(
      () => d.model.requests.find((r) => r.lastUser === ONLY_SRC),
      30_000,
      "the editor's model to get the broadcast",
    );
    await d.waitState(
      a.label,
      (s) => s.state === "needs_input" && s.question?.text === "EDITOR asks again",
      "asked again",
    );

    const none = await d.sb.docket(["broadcast", "--touching", "lib/**", "--", "nobody"], { cwd: d.repo });
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toMatch(/no running worker of this project touches lib\/\*\*: nothing sent/);

    const all = await d.sb.docket(["broadcast", "--json", "--", EVERYONE], { cwd: d.repo });
    expect(all.exitCode, all.stderr).toBe(0);
    const sent = (JSON.parse(all.stdout) as { sent: Array<{ label: string; message: string; via: string }> }).sent;
    expect(sent.map((s) => s.label)).toEqual([a.label, b.label]);
    expect(sent.every((s) => s.via === "extension")).toBe(true);
    expect(new Set(sent.map((s) => s.message)).size).toBe(2);
    // Both models got it verbatim, each as its own user message.
    await waitFor(
      () => (d.model.requests.filter((r) => r.lastUser === EVERYONE).length === 2 ? true : undefined),
      30_000,
      "both models to get the broadcast",
    );

    // Each worker's own receipts, as `docket show` reads them.
    for (const w of [a, b]) {
      const shown = await waitFor(
        async () => {
          const j = JSON.parse((await d.sb.docket(["show", w.label, "--json"], { cwd: d.repo })).stdout) as {
            inbox: Array<{ text: string; readAt?: string }>;
          };
          const m = j.inbox.find((x) => x.text === EVERYONE);
          return m?.readAt ? j : undefined;
        },
        30_000,
        `${w.label}'s broadcast read`,
      );
      expect(shown.inbox.filter((x) => x.text === ONLY_SRC)).toHaveLength(w === a ? 1 : 0);
      const text = (await d.sb.docket(["show", w.label], { cwd: d.repo })).stdout;
      expect(text).toMatch(/read \S+ ago \(queued \S+ ago\)\s+BCAST-ALL/);
    }

    const rows = readFileSync(join(d.sb.home, "decisions.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Decision)
      .filter((r) => r.verb === "broadcast");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      worker: "broadcast",
      label: a.label,
      text: ONLY_SRC,
      touching: "src/**",
      recipients: [{ worker: a.id, label: a.label }],
    });
    expect(rows[1]).toMatchObject({ label: `${a.label},${b.label}`, text: EVERYONE });
    expect(rows[1]!.recipients!.map((r) => r.message)).toEqual(sent.map((s) => s.message));

    const log = await d.sb.docket(["log"], { cwd: d.repo });
    expect(log.stdout.match(/broadcast \S+: "BCAST-ALL/g)).toHaveLength(2);
  });

  it("the inbox's b key broadcasts what the person writes in the editor", async () => {
    const editor = join(d.sb.dir, "fake-editor");
    writeFileSync(editor, `#!/bin/sh\nprintf 'BCAST-POPUP: from the inbox\\n' > "$1"\n`);
    chmodSync(editor, 0o755);
    const before = d.model.requests.length;
    const p = await openPopup(d.sb, ["inbox"], { cwd: d.repo, env: { EDITOR: editor, VISUAL: "" } });
    await p.waitFor(/w1\s+/, "the inbox list");
    await p.keys("b");
    // The note names who got it (and who did not): said whole on failure, not as a timeout.
    const screen = await p.waitFor(/broadcast to \S/, "the broadcast note in the header", 30_000);
    expect(screen.split("\n").find((l) => l.includes("broadcast to"))).toMatch(/broadcast to w1, w2(?! ·)/);
    await waitFor(
      () =>
        d.model.requests.slice(before).filter((r) => r.lastUser === "BCAST-POPUP: from the inbox").length === 2
          ? true
          : undefined,
      30_000,
      "both models to get the popup broadcast",
    );
    const rows = readFileSync(join(d.sb.home, "decisions.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Decision)
      .filter((r) => r.verb === "broadcast");
    expect(rows).toHaveLength(3);
    expect(rows[2]).toMatchObject({ label: "w1,w2", text: "BCAST-POPUP: from the inbox" });
  });
});
