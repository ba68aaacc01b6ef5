// tell --after with a real pi worker: a message sent while a tool is running is not steered into the
// turn (the next model request after the tool does not carry it); once the turn ends it goes as a
// prompt, and its receipts say delivered and read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeDrill, type Drill } from "../helpers/drill.js";
import { waitFor } from "../helpers/sandbox.js";

const AFTER = "AFTER-MSG: when you are done, also update the changelog";

describe("docket tell --after", () => {
  let d: Drill;
  const gate = mkdtempSync(join(tmpdir(), "docket-after-gate-"));
  beforeAll(async () => {
    d = await makeDrill([
      {
        match: "AFTER-TASK",
        steps: [
          // The tool runs until the test opens the gate: the message is told mid-turn, deterministically.
          {
            tools: [
              {
                name: "bash",
                args: {
                  command: `touch ${gate}/started; while [ ! -e ${gate}/go ]; do sleep 0.1; done; echo gate-open`,
                },
              },
            ],
          },
          { text: "TURN-ONE-OVER" },
          { tools: [{ name: "docket_done", args: { summary: "Updated the changelog as asked." } }] },
        ],
        after: { text: "ok" },
      },
    ]);
  });
  afterAll(async () => {
    await d?.cleanup();
    rmSync(gate, { recursive: true, force: true });
  });

  it("holds the message until the turn ends, then prompts with it", async () => {
    const { label, id } = await d.spawn("AFTER-TASK: do the thing");
    await waitFor(() => existsSync(join(gate, "started")) || undefined, 30_000, "the tool to start");
    const told = await d.sb.docket(["tell", label, "--after", "--", AFTER], { cwd: d.repo });
    expect(told.exitCode, told.stderr).toBe(0);
    expect(told.stdout).toContain("when its current turn ends");
    const inbox = join(d.sb.home, "workers", id, "inbox");
    const msgFile = await waitFor(
      () => {
        const f = readdirSync(inbox).find((n) => n.endsWith(".json"));
        return f ? join(inbox, f) : undefined;
      },
      10_000,
      "the message file",
    );
    expect(JSON.parse(readFileSync(msgFile, "utf8"))).toMatchObject({ text: AFTER, after: true });
    writeFileSync(join(gate, "go"), "");

    const ready = await d.waitState(label, (s) => s.state === "ready", "ready");
    expect(ready.result?.summary).toBe("Updated the changelog as asked.");
    const reqs = d.model.requests;
    const withTool = reqs.findIndex((r) => JSON.stringify(r.messages).includes("gate-open"));
    const prompted = reqs.findIndex((r) => r.lastUser === AFTER);
    expect(withTool).toBeGreaterThan(-1);
    // Not steered: the request right after the tool result carries no trace of it.
    expect(JSON.stringify(reqs[withTool]!.messages)).not.toContain("AFTER-MSG");
    // It came as the next prompt, after the turn's closing text.
    expect(prompted).toBe(withTool + 1);
    expect(JSON.stringify(reqs[prompted]!.messages)).toContain("TURN-ONE-OVER");

    const m = await waitFor(
      () => {
        const j = JSON.parse(readFileSync(msgFile, "utf8")) as { deliveredAt?: string; readAt?: string; via?: string };
        return j.readAt ? j : undefined;
      },
      10_000,
      "readAt",
    );
    expect(m.deliveredAt).toBeTruthy();
    expect(m.via).toBe("extension");
    const events = readFileSync(join(d.sb.home, "workers", id, "events.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { kind: string; payload: Record<string, unknown> });
    const handed = events.find((e) => e.kind === "message" && e.payload.handed);
    expect(handed?.payload.handed).toBe("prompt");
    // The turn ended (idle) before the message started the next one (docket's one reminder may take a
    // turn in between on a busy machine); the message's turn ends ready.
    const states = events.filter((e) => e.kind === "state").map((e) => e.payload.to);
    expect(states.slice(0, 4)).toEqual(["starting", "active", "idle", "active"]);
    expect(states.at(-1)).toBe("ready");
  });
});
