// docket_note from a real worker: a note and a heads-up in the middle of a turn that goes on to ask a
// question (the notes never end the turn), then the card, show, log, inbox and status see them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeDrill, type Drill } from "../helpers/drill.js";
import { waitFor } from "../helpers/sandbox.js";

describe("docket_note", () => {
  let d: Drill;
  beforeAll(async () => {
    d = await makeDrill([
      {
        match: "NOTE-TASK",
        steps: [
          { tools: [{ name: "docket_note", args: { text: "NOTE-ONE assumed UTC timestamps" } }] },
          {
            tools: [
              { name: "docket_note", args: { text: "NOTE-TWO the migration drops a column", level: "heads-up" } },
            ],
          },
          { tools: [{ name: "docket_wait", args: { question: "Drop it?", options: ["yes", "no"] } }] },
        ],
        after: { text: "waiting" },
      },
    ]);
  });
  afterAll(async () => d?.cleanup());

  it("records notes without ending the turn and shows them everywhere, quietly", async () => {
    const { label, id } = await d.spawn("NOTE-TASK: look at the schema");
    const asked = await d.waitState(label, (s) => s.state === "needs_input", "needs_input");
    expect(asked.headsUp).toMatchObject({ text: "NOTE-TWO the migration drops a column", id: "n2" });
    const dir = join(d.sb.home, "workers", id);
    const events = readFileSync(join(dir, "events.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { kind: string; payload: Record<string, unknown> });
    expect(events.filter((e) => e.kind === "note").map((e) => e.payload)).toEqual([
      { text: "NOTE-ONE assumed UTC timestamps", level: "info", id: "n1" },
      { text: "NOTE-TWO the migration drops a column", level: "heads-up", id: "n2" },
    ]);
    // One run from start to question: the notes never ended the turn (no idle in between).
    expect(events.filter((e) => e.kind === "state").map((e) => e.payload.to)).toEqual([
      "starting",
      "active",
      "needs_input",
    ]);
    const toolResult = JSON.stringify(d.model.requests.map((r) => r.messages));
    expect(toolResult).toContain("It needs no answer; continue your task.");
    const arts = JSON.parse(readFileSync(join(dir, "artifacts.json"), "utf8")) as {
      items: Array<{ id: string; type: string; title: string }>;
    };
    expect(arts.items.filter((a) => a.type === "note").map((a) => [a.id, a.title])).toEqual([
      ["n1", "NOTE-ONE assumed UTC timestamps"],
      ["n2", "heads-up: NOTE-TWO the migration drops a column"],
    ]);

    const show = await d.sb.docket(["show", label], { cwd: d.repo });
    expect(show.stdout).toMatch(/notes\s+2 \(heads-up open\)/);
    expect(show.stdout).toContain(`${label}.n1`);
    const shown = JSON.parse((await d.sb.docket(["show", label, "--json"], { cwd: d.repo })).stdout) as {
      notes: Array<{ id: string }>;
    };
    expect(shown.notes.map((n) => n.id)).toEqual(["n1", "n2"]);

    const log = await d.sb.docket(["log"], { cwd: d.repo });
    expect(log.stdout).toContain("note: NOTE-ONE assumed UTC timestamps");
    expect(log.stdout).toContain("heads-up: NOTE-TWO the migration drops a column");

    const inbox = JSON.parse((await d.sb.docket(["inbox", "--json"], { cwd: d.repo })).stdout) as {
      items: Array<{ key: string; group: string }>;
    };
    expect(inbox.items.filter((i) => i.group === "note").map((i) => i.key)).toEqual([`${label}.n1`, `${label}.n2`]);

    const status = JSON.parse((await d.sb.docket(["status", "--json"], { cwd: d.repo })).stdout) as {
      waiting: number;
      warning: string;
    };
    expect(status.waiting).toBe(1); // the question; the notes add nothing to the counts
    expect(status.warning).toContain(`${label} heads-up`);
    // The status line carries it too.
    await waitFor(
      async () => {
        const out = await d.sb.tmux("show-options", "-gv", "@docket_status");
        return out.includes(`${label} heads-up`) ? out : undefined;
      },
      20_000,
      "@docket_status to carry the heads-up",
    );
  });
});
