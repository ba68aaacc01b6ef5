// Must-show 1 (issue 9): 20 concurrent `docket tell`s reach a real pi's conversation exactly once each,
// in the order docket accepted them, and every message file's receipts say only what the session holds:
// once to a worker waiting on a question, once to a worker busy in a long tool call.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { makeDrill, type Drill } from "../helpers/drill.js";
import { waitFor } from "../helpers/sandbox.js";
import type { InboxMessage } from "../../src/core/schema.js";

const N = 20;
const text = (tag: string, i: number) => `${tag} reply #${i} (with "quotes" and $(not run))`;

/** Every user message text in the worker's pi session files, in order. */
function sessionUserTexts(sessionDir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(sessionDir)
    .filter((n) => n.endsWith(".jsonl"))
    .sort()) {
    for (const line of readFileSync(join(sessionDir, f), "utf8").split("\n")) {
      if (!line.trim()) continue;
      const e = JSON.parse(line) as { type?: string; message?: { role?: string; content?: unknown } };
      if (e.type !== "message" || e.message?.role !== "user") continue;
      const c = e.message.content;
      out.push(
        typeof c === "string" ? c : Array.isArray(c) ? c.map((p: { text?: string }) => p.text ?? "").join("") : "",
      );
    }
  }
  return out;
}

function inboxMessages(d: Drill, id: string): InboxMessage[] {
  const dir = join(d.sb.home, "workers", id, "inbox");
  return readdirSync(dir)
    .filter((n) => /^\d+-\w+\.json$/.test(n))
    .sort()
    .map((n) => JSON.parse(readFileSync(join(dir, n), "utf8")) as InboxMessage);
}

const count = (hay: string, needle: string) => hay.split(needle).length - 1;

/** Fire N tells at once; each must be accepted. */
async function tellAll(d: Drill, label: string, tag: string): Promise<void> {
  const rs = await Promise.all(
    Array.from({ length: N }, (_, i) => d.sb.docket(["tell", label, "--", text(tag, i)], { cwd: d.repo })),
  );
  for (const r of rs) expect(r.exitCode, r.stderr).toBe(0);
}

async function expectExactlyOnce(d: Drill, id: string, tag: string): Promise<void> {
  const sessionDir = join(d.sb.home, "workers", id, "session");
  // Wait for the outcome: every message stamped read (the extension's view of the conversation).
  await waitFor(
    () =>
      inboxMessages(d, id)
        .filter((m) => m.text.startsWith(tag))
        .every((m) => m.readAt),
    90_000,
    `all ${tag} messages read`,
  );
  const msgs = inboxMessages(d, id).filter((m) => m.text.startsWith(tag));
  expect(msgs).toHaveLength(N);
  // pi appends the message's session entry a moment after it enters the conversation (message_start,
  // where the extension stamps readAt): wait for the file to hold every read message.
  const all = await waitFor(
    () => {
      const text = sessionUserTexts(sessionDir).join("\n\u0000\n");
      return msgs.every((m) => text.includes(m.text)) ? text : undefined;
    },
    30_000,
    `every ${tag} message in pi's session file`,
  );
  for (const m of msgs) {
    expect(count(all, m.text), `${m.text} in the session`).toBe(1);
    // True receipts: read only what the session holds; read implies delivered; stamps in order.
    expect(m.deliveredAt && m.readAt && m.queuedAt).toBeTruthy();
    expect(m.queuedAt! <= m.deliveredAt! && m.deliveredAt! <= m.readAt!).toBe(true);
  }
  // The order docket accepted them (message file names) is the order in the conversation.
  const positions = msgs.map((m) => all.indexOf(m.text));
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
}

describe("replies arrive exactly once, with true receipts", () => {
  let d: Drill;
  beforeAll(async () => {
    d = await makeDrill(
      [
        {
          match: "WAITING-TASK",
          steps: [{ tools: [{ name: "docket_wait", args: { question: "Which way?", options: ["left", "right"] } }] }],
          after: { text: "noted" },
        },
        {
          match: "BUSY-TASK",
          steps: [{ tools: [{ name: "bash", args: { command: "sleep 6; echo slept" } }] }],
          after: { text: "noted" },
        },
      ],
      { config: { reminder: false } },
    );
  });
  afterAll(async () => d?.cleanup());

  it("20 concurrent tells to a worker waiting on a question", async () => {
    const { label, id } = await d.spawn("WAITING-TASK: ask which way");
    await d.waitState(label, (s) => s.state === "needs_input", "needs_input");
    await tellAll(d, label, "WAIT");
    await expectExactlyOnce(d, id, "WAIT");
    const w = d.worker(label)!;
    expect(w.question?.answeredAt).toBeTruthy();
    expect(w.question?.answer).toBe(inboxMessages(d, id)[0]!.text); // the first accepted reply answered it
  });

  it("20 concurrent tells to a worker busy in a long tool call", async () => {
    const { label, id } = await d.spawn("BUSY-TASK: run a slow command");
    // The tool call is running: its event is logged when it starts.
    await waitFor(
      () => {
        try {
          return readFileSync(join(d.sb.home, "workers", id, "events.ndjson"), "utf8").includes('"tool":"bash"');
        } catch {
          return false;
        }
      },
      30_000,
      "the bash call to start",
    );
    await tellAll(d, label, "BUSY");
    await expectExactlyOnce(d, id, "BUSY");
  });
});
