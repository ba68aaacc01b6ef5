// Inbox delivery rules with pi replaced by a recorder: one batch in flight, name order, exactly once
// (even with two pi processes on one inbox), receipts only for what pi showed, refusals sent again.
import { afterEach, describe, expect, it, vi } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ACCEPT_MS, batchText, Mailbox, READ_GRACE_MS } from "../../src/pi/mailbox.js";
import { reminderEnabled, retrySettings, isRetryableError } from "../../src/pi/settings.js";
import { workerPaths } from "../../src/store/layout.js";

const dirs: string[] = [];
const boxes: Mailbox[] = [];
afterEach(() => {
  for (const b of boxes.splice(0)) b.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup() {
  const home = mkdtempSync(join(tmpdir(), "docket-mailbox-"));
  dirs.push(home);
  const w = { id: "w-1", home, paths: workerPaths(home, "w-1"), root: "/" };
  mkdirSync(w.paths.inbox, { recursive: true });
  writeFileSync(w.paths.status, "{}");
  const put = (name: string, text: string, extra: object = {}) =>
    writeFileSync(
      join(w.paths.inbox, name),
      JSON.stringify({
        id: name.replace(/\.json$/, ""),
        text,
        from: "parent",
        createdAt: "2026-01-01T00:00:00Z",
        ...extra,
      }),
    );
  return { w, put };
}

interface Pi {
  sent: Array<{ text: string; mode: string }>;
  mode: "prompt" | "steer" | undefined;
  queue: string[];
  session: string[];
  arrived: string[];
  refuse?: boolean;
}

function box(w: ReturnType<typeof setup>["w"], pi: Pi) {
  const b = new Mailbox(w, {
    send: (text, mode) => {
      if (pi.refuse) throw new Error("busy");
      pi.sent.push({ text, mode });
      if (mode === "steer") pi.queue.push(text);
    },
    mode: () => pi.mode,
    queued: () => pi.queue.length > 0,
    sessionTexts: () => pi.session,
    arrived: (m) => pi.arrived.push(m.id),
  });
  boxes.push(b);
  return b;
}

const newPi = (mode: Pi["mode"] = "prompt"): Pi => ({ sent: [], mode, queue: [], session: [], arrived: [] });
const read = (w: ReturnType<typeof setup>["w"], name: string) =>
  JSON.parse(readFileSync(join(w.paths.inbox, name), "utf8")) as Record<string, string>;

describe("mailbox", () => {
  it("sends every pending message as one prompt, in name order, and stamps only what pi showed", () => {
    const { w, put } = setup();
    put("1700000000002-bb.json", "second");
    put("1700000000001-aa.json", "first");
    put("1700000000000-zz.json", "old", { deliveredAt: "2026-01-01T00:00:01Z", readAt: "2026-01-01T00:00:02Z" });
    writeFileSync(join(w.paths.inbox, "1700000000003-cc.json.123.abcd.tmp"), "{half");
    put("1700000000004-dd.json", "");
    writeFileSync(join(w.paths.inbox, "1700000000005-ee.json"), "not json");
    const old = new Date(Date.now() - 60_000);
    for (const n of ["1700000000004-dd.json", "1700000000005-ee.json"]) utimesSync(join(w.paths.inbox, n), old, old);
    const pi = newPi();
    const b = box(w, pi);
    b.drain();
    b.drain();
    const text = batchText([
      { id: "1700000000001-aa", text: "first" },
      { id: "1700000000002-bb", text: "second" },
    ]);
    expect(pi.sent).toEqual([{ text, mode: "prompt" }]); // one prompt; read, temp, empty and malformed files skipped
    expect(text.indexOf("first")).toBeLessThan(text.indexOf("second"));
    expect(read(w, "1700000000001-aa.json").deliveredAt).toBeUndefined(); // handed over is not delivered
    b.promptStarting(text);
    expect(read(w, "1700000000001-aa.json").deliveredAt).toBeTruthy();
    expect(read(w, "1700000000001-aa.json").readAt).toBeUndefined();
    b.seen(text);
    for (const n of ["1700000000001-aa.json", "1700000000002-bb.json"])
      expect(read(w, n)).toMatchObject({
        via: "extension",
        deliveredAt: expect.any(String),
        readAt: expect.any(String),
      });
    expect(pi.arrived).toEqual(["1700000000001-aa", "1700000000002-bb"]);
    b.drain();
    expect(pi.sent).toHaveLength(1);
  });

  it("a single message goes verbatim; the next waits until the first is in the conversation", () => {
    const { w, put } = setup();
    put("1700000000001-a.json", "only one");
    const pi = newPi();
    const b = box(w, pi);
    b.drain();
    put("1700000000002-b.json", "later");
    b.drain();
    expect(pi.sent.map((x) => x.text)).toEqual(["only one"]);
    b.seen("only one");
    b.drain();
    expect(pi.sent.map((x) => x.text)).toEqual(["only one", "later"]);
  });

  it("a steer is delivered when pi's queue takes it, read when it enters the conversation", () => {
    const { w, put } = setup();
    put("1700000000001-a.json", "steer me");
    const pi = newPi("steer");
    const b = box(w, pi);
    b.drain();
    expect(pi.sent).toEqual([{ text: "steer me", mode: "steer" }]);
    expect(read(w, "1700000000001-a.json").deliveredAt).toBeTruthy();
    expect(read(w, "1700000000001-a.json").readAt).toBeUndefined();
    pi.queue.shift();
    b.seen("steer me");
    expect(read(w, "1700000000001-a.json").readAt).toBeTruthy();
  });

  it("an `after` message is never steered: it and what follows wait for pi to be idle, then go as one prompt", () => {
    const { w, put } = setup();
    put("1700000000001-a.json", "steer now");
    put("1700000000002-b.json", "AFTER the turn", { after: true });
    put("1700000000003-c.json", "behind it");
    const pi = newPi("steer");
    const b = box(w, pi);
    b.drain();
    expect(pi.sent).toEqual([{ text: "steer now", mode: "steer" }]);
    pi.queue.shift();
    b.seen("steer now");
    b.drain(); // still inside the turn: the after message waits, and so does the one behind it
    expect(pi.sent).toHaveLength(1);
    expect(read(w, "1700000000002-b.json").deliveredAt).toBeUndefined();
    pi.mode = "prompt"; // the turn ended
    b.drain();
    expect(pi.sent).toHaveLength(2);
    expect(pi.sent[1]!.mode).toBe("prompt");
    expect(pi.sent[1]!.text).toBe(
      batchText([
        { id: "1700000000002-b", text: "AFTER the turn" },
        { id: "1700000000003-c", text: "behind it" },
      ]),
    );
    b.promptStarting(pi.sent[1]!.text);
    expect(read(w, "1700000000002-b.json").deliveredAt).toBeTruthy();
    b.seen(pi.sent[1]!.text);
    expect(read(w, "1700000000002-b.json").readAt).toBeTruthy();
    expect(read(w, "1700000000003-c.json").readAt).toBeTruthy();
  });

  it("holds while pi cannot take a message", () => {
    const { w, put } = setup();
    put("1700000000001-a.json", "hello");
    const pi = newPi();
    pi.mode = undefined;
    box(w, pi).drain();
    expect(pi.sent).toEqual([]);
  });

  it("waits for a message file caught mid-write instead of dropping it", () => {
    const { w, put } = setup();
    writeFileSync(join(w.paths.inbox, "1700000000001-a.json"), '{"id":"a","te'); // a torn, fresh write
    const pi = newPi();
    const b = box(w, pi);
    b.drain();
    expect(pi.sent).toEqual([]);
    put("1700000000001-a.json", "complete now");
    b.drain();
    expect(pi.sent.map((x) => x.text)).toEqual(["complete now"]);
  });

  it("a message claimed by another live pi process is never sent by a second mailbox", () => {
    const { w, put } = setup();
    put("1700000000001-a.json", "mine", { handedTo: process.ppid, handedAt: "2026-01-01T00:00:00Z" });
    put("1700000000002-b.json", "free");
    const pi = newPi();
    box(w, pi).drain();
    expect(pi.sent.map((x) => x.text)).toEqual(["free"]);
  });

  it("a prompt pi never accepted is sent again, once, after a while; nothing was stamped meanwhile", () => {
    vi.useFakeTimers({ now: Date.now() });
    try {
      const { w, put } = setup();
      put("1700000000001-a.json", "try me");
      const pi = newPi();
      const b = box(w, pi);
      b.drain();
      vi.setSystemTime(Date.now() + ACCEPT_MS - 1);
      b.drain();
      expect(pi.sent).toHaveLength(1);
      vi.setSystemTime(Date.now() + READ_GRACE_MS + 2);
      b.drain(); // refused: released, retried after a back-off
      expect(read(w, "1700000000001-a.json").deliveredAt).toBeUndefined();
      vi.setSystemTime(Date.now() + 6000);
      b.drain();
      expect(pi.sent.map((x) => x.text)).toEqual(["try me", "try me"]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("an accepted steer still in pi's queue when the run ends is never sent again; read when it shows up", () => {
    vi.useFakeTimers({ now: Date.now() });
    try {
      const { w, put } = setup();
      put("1700000000001-a.json", "stranded");
      const pi = newPi("steer");
      const b = box(w, pi);
      b.drain();
      pi.mode = "prompt"; // the run ended with the steer still queued
      b.drain();
      vi.setSystemTime(Date.now() + READ_GRACE_MS + 1);
      b.drain();
      put("1700000000002-b.json", "next");
      b.drain();
      expect(pi.sent.map((x) => x.text)).toEqual(["stranded", "next"]);
      b.seen("stranded");
      expect(read(w, "1700000000001-a.json").readAt).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });

  it("at start, a message the session already holds is stamped read and never sent", () => {
    const { w, put } = setup();
    put("1700000000001-a.json", "already there", { deliveredAt: "2026-01-01T00:00:00Z" });
    const pi = newPi();
    pi.session = ["task", "already there"];
    const b = box(w, pi);
    b.start();
    expect(pi.sent).toEqual([]);
    expect(read(w, "1700000000001-a.json").readAt).toBeTruthy();
  });

  it("a reminder waits behind parent messages", () => {
    const { w, put } = setup();
    put("1700000000001-a.json", "parent first");
    const pi = newPi();
    const b = box(w, pi);
    b.remind("reminder");
    expect(pi.sent.map((x) => x.text)).toEqual(["parent first"]);
    b.seen("parent first");
    b.drain();
    expect(pi.sent.map((x) => x.text)).toEqual(["parent first"]);
  });
});

describe("settings read by the extension", () => {
  it("reads worker.reminder from the user file, overridden by the project file", () => {
    const dir = mkdtempSync(join(tmpdir(), "docket-settings-"));
    dirs.push(dir);
    const env = { PI_CODING_AGENT_DIR: join(dir, "agent") };
    mkdirSync(join(dir, "agent"), { recursive: true });
    mkdirSync(join(dir, "proj", ".pi"), { recursive: true });
    expect(reminderEnabled(join(dir, "proj"), env)).toBe(true);
    writeFileSync(join(dir, "agent", "docket.json"), JSON.stringify({ worker: { reminder: false } }));
    expect(reminderEnabled(join(dir, "proj"), env)).toBe(false);
    writeFileSync(join(dir, "proj", ".pi", "docket.json"), JSON.stringify({ worker: { reminder: true } }));
    expect(reminderEnabled(join(dir, "proj"), env)).toBe(true);
    writeFileSync(join(dir, "proj", ".pi", "docket.json"), "{broken");
    expect(reminderEnabled(join(dir, "proj"), env)).toBe(false); // a broken file changes nothing

    expect(retrySettings(join(dir, "proj"), env)).toEqual({ enabled: true, maxRetries: 3, baseDelayMs: 2000 });
    writeFileSync(join(dir, "agent", "settings.json"), JSON.stringify({ retry: { enabled: false, maxRetries: 1 } }));
    expect(retrySettings(join(dir, "proj"), env)).toEqual({ enabled: false, maxRetries: 1, baseDelayMs: 2000 });
  });

  it("knows which model errors pi retries", () => {
    expect(isRetryableError("500 scripted error 500")).toBe(true);
    expect(isRetryableError("Overloaded")).toBe(true);
    expect(isRetryableError("401 invalid api key")).toBe(false);
  });
});
