// Inbox delivery rules with pi replaced by a recorder: name order, exactly once (even with two
// mailboxes on one inbox), stamps, and a refused send retried later in order.
import { afterEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Mailbox } from "../../src/pi/mailbox.js";
import { reminderEnabled, retrySettings, isRetryableError } from "../../src/pi/settings.js";
import { workerPaths } from "../../src/store/layout.js";

let dirs: string[] = [];
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
    writeFileSync(join(w.paths.inbox, name), JSON.stringify({ id: name, text, from: "parent", createdAt: "2026-01-01T00:00:00Z", ...extra }));
  return { w, put };
}

function box(w: ReturnType<typeof setup>["w"], sent: string[], opts: { refuse?: (t: string) => boolean } = {}) {
  const delivered: string[] = [];
  const b = new Mailbox(w, {
    send: (t) => {
      if (opts.refuse?.(t)) throw new Error("busy");
      sent.push(t);
    },
    ready: () => true,
    delivered: (m) => delivered.push(m.id),
  });
  boxes.push(b);
  return { b, delivered };
}

describe("mailbox", () => {
  it("delivers pending messages in name order, once, and stamps them", () => {
    const { w, put } = setup();
    put("1700000000002-bb.json", "second");
    put("1700000000001-aa.json", "first");
    put("1700000000000-zz.json", "old", { deliveredAt: "2026-01-01T00:00:01Z", via: "keys" });
    writeFileSync(join(w.paths.inbox, "1700000000003-cc.json.123.abcd.tmp"), "{half");
    put("1700000000004-dd.json", "");
    writeFileSync(join(w.paths.inbox, "1700000000005-ee.json"), "not json");
    const old = new Date(Date.now() - 60_000);
    for (const n of ["1700000000004-dd.json", "1700000000005-ee.json"]) utimesSync(join(w.paths.inbox, n), old, old);
    const sent: string[] = [];
    const { b, delivered } = box(w, sent);
    b.drain();
    b.drain();
    expect(sent).toEqual(["first", "second"]); // delivered, temp, empty and malformed files are skipped
    expect(delivered).toEqual(["1700000000001-aa.json", "1700000000002-bb.json"]);
    const stamped = JSON.parse(readFileSync(join(w.paths.inbox, "1700000000001-aa.json"), "utf8")) as Record<string, string>;
    expect(stamped.via).toBe("extension");
    expect(stamped.deliveredAt).toBeTruthy();
    expect(stamped.readAt).toBeUndefined();
    b.markRead("first");
    expect((JSON.parse(readFileSync(join(w.paths.inbox, "1700000000001-aa.json"), "utf8")) as Record<string, string>).readAt).toBeTruthy();
  });

  it("waits for a message file caught mid-write instead of dropping it", () => {
    const { w, put } = setup();
    writeFileSync(join(w.paths.inbox, "1700000000001-a.json"), '{"id":"a","te'); // a torn, fresh write
    const sent: string[] = [];
    const { b } = box(w, sent);
    b.drain();
    expect(sent).toEqual([]);
    put("1700000000001-a.json", "complete now");
    b.drain();
    expect(sent).toEqual(["complete now"]);
  });

  it("two mailboxes on one inbox never deliver a message twice", () => {
    const { w, put } = setup();
    for (let i = 0; i < 20; i++) put(`17000000000${String(i).padStart(2, "0")}-m.json`, `msg ${i}`);
    const sent: string[] = [];
    const one = box(w, sent);
    const two = box(w, sent);
    for (let i = 0; i < 5; i++) {
      one.b.drain();
      two.b.drain();
    }
    expect(sent).toHaveLength(20);
    expect(new Set(sent).size).toBe(20);
  });

  it("a refused send stops the drain and is retried in order later", () => {
    const { w, put } = setup();
    put("1700000000001-a.json", "a");
    put("1700000000002-b.json", "b");
    let busy = true;
    const sent: string[] = [];
    const { b } = box(w, sent, { refuse: (t) => busy && t === "a" });
    b.drain();
    expect(sent).toEqual([]); // b waits behind a
    busy = false;
    b.drain();
    expect(sent).toEqual(["a", "b"]);
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
