// `tell` to a needs_input worker whose extension is not alive (dead extensionPid, though its last
// heartbeat is fresh) falls back to keystrokes and moves the worker to active itself, answering the
// question, because no extension is there to do it on delivery.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { makeSandbox, waitFor, type Sandbox } from "../helpers/sandbox.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";
import { readStatus, writeNewStatus } from "../../src/store/workers.js";

let sb: Sandbox;
let got = "";
let id = "";

beforeAll(async () => {
  sb = makeSandbox();
  await sb.startServer();
  // A stand-in for a pi without the extension: it records what arrives on its terminal.
  got = join(sb.dir, "typed.txt");
  const fake = join(sb.dir, "fake-pi-cat");
  writeFileSync(fake, `#!/bin/sh\nstty -echo\nexec cat > '${got}'\n`);
  chmodSync(fake, 0o755);
  await sb.tmux("new-session", "-d", "-s", "docket-workers", "-n", "placeholder");
  const [windowId, paneId] = (
    await sb.tmux("new-window", "-d", "-P", "-F", "#{window_id} #{pane_id}", "-t", "docket-workers", "-n", "w1", fake)
  )
    .trim()
    .split(" ");
  await waitFor(() => existsSync(got), 10_000, "stand-in running");
  // The pid is on the subprocess, not on its result; awaited, the process has exited.
  const dead = execa("true");
  await dead;
  const now = new Date().toISOString();
  const w = fixtureStatus(1, {
    state: "needs_input",
    createdAt: now,
    updatedAt: now,
    extensionPid: dead.pid,
    heartbeatAt: now,
    question: { text: "run the migrations now?", options: ["yes", "no"], askedAt: now },
    questions: [{ text: "run the migrations now?", options: ["yes", "no"], askedAt: now }],
    tmux: { session: "docket-workers", windowName: "w1", windowId, paneId },
  });
  id = w.id;
  writeNewStatus(sb.home, w);
});

afterAll(async () => {
  await sb?.cleanup();
});

describe("tell without a live extension", () => {
  it("types the reply and moves needs_input → active with the question answered", async () => {
    const r = await sb.docket(["tell", "--json", "w1", "--", "yes, run them"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).via).toBe("keys");
    await waitFor(() => readFileSync(got, "utf8") === "[docket] yes, run them\n", 10_000, "typed reply");
    const s = readStatus(sb.home, id);
    expect(s.state).toBe("active");
    expect(s.question).toMatchObject({ answer: "yes, run them", answeredAt: expect.any(String) });
    expect(s.questions[0]).toMatchObject({ answer: "yes, run them", answeredAt: expect.any(String) });
    const status = JSON.parse((await sb.docket(["status", "--json"])).stdout) as {
      waiting: number;
      attention: unknown[];
    };
    expect(status.waiting).toBe(0);
    expect(status.attention).toEqual([]);
  });
});
