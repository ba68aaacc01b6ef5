// The mirror of remote workers without ssh (docs/remote.md "The mirror", "The cursor", "Security
// model"): applyDeltas on a temp store takes only records mirrored from the very host that sent them,
// rebuilds change-set names and file lists from the patches here, appends events only at the mirror's
// length, writes only mirrored file names, keeps the last good record over a garbage one; and `collect`
// (the remote end) with the mirror's own cursor never sends a thing twice.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { WorkerStatus } from "../../src/core/schema.js";
import { workerPaths } from "../../src/store/layout.js";
import { eventsCursor, isMirrored } from "../../src/store/mirror.js";
import { listWorkers, readStatus, writeNewStatus } from "../../src/store/workers.js";
import { applyDeltas, cursorOf, readProblems } from "../../src/workers/mirror.js";
import type { Line } from "../../src/remote/ssh.js";
import { collect, type WorkerDelta } from "../../src/workers/serve.js";
import { openTempStore, type TempStore } from "../helpers/temp-store.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

let ts: TempStore;
let home: string;
const saved: Record<string, string | undefined> = {};
const TMUX_VARS = ["DOCKET_TMUX_SOCKET", "DOCKET_TMUX_SOCKET_PATH", "TMUX", "TMUX_TMPDIR"];

beforeEach(() => {
  ts = openTempStore("docket-rmirror-");
  home = ts.home;
  // Announcing a change publishes the status line: point it at a tmux server that does not exist.
  for (const k of TMUX_VARS) saved[k] = process.env[k];
  delete process.env.TMUX;
  delete process.env.DOCKET_TMUX_SOCKET_PATH;
  process.env.DOCKET_TMUX_SOCKET = `docket-unit-none-${process.pid}`;
  process.env.TMUX_TMPDIR = ts.tmp;
});
afterEach(() => {
  for (const k of TMUX_VARS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  ts.close();
});

/** What travels: the deltas as JSON lines, parsed on this side. */
const wire = (ds: WorkerDelta[]): Line[] => ds.map((d) => JSON.parse(JSON.stringify(d)) as Line);

const statusBytes = (h: string, id: string) => readFileSync(workerPaths(h, id).status, "utf8");

/** A local record mirrored from `host` (or a local worker when host is undefined). */
function local(index: number, host: string | undefined, over: Record<string, unknown> = {}): WorkerStatus {
  const s = fixtureStatus(index, { ...(host ? { host: { name: host } } : {}), ...over });
  writeNewStatus(home, s);
  return s;
}

/** The remote's own record for the same id, as its status.json text. */
function remoteText(s: WorkerStatus, over: Record<string, unknown> = {}): string {
  const { host: _h, ...rest } = s;
  return JSON.stringify(fixtureStatus(s.index, { ...rest, label: "w1", index: 1, ...over }));
}

const PATCH = `diff --git a/src/real.txt b/src/real.txt
new file mode 100644
index 0000000..814f4a4
--- /dev/null
+++ b/src/real.txt
@@ -0,0 +1,2 @@
+one
+two
diff --git a/README.md b/README.md
index 1111111..2222222 100644
--- a/README.md
+++ b/README.md
@@ -1,2 +1,2 @@
 # title
-old
+new
`;
const PATCH_V1 = `diff --git a/v1.txt b/v1.txt
new file mode 100644
index 0000000..5626abf
--- /dev/null
+++ b/v1.txt
@@ -0,0 +1 @@
+one
`;

describe("applyDeltas takes only what the host owns", () => {
  it("refuses a delta for a local worker or one mirrored from another host, byte for byte", () => {
    const mine = local(1, undefined, { state: "active" });
    const theirs = local(2, "other", { state: "active" });
    const before = [statusBytes(home, mine.id), statusBytes(home, theirs.id)];
    const deltas = [mine, theirs].map((s) => ({
      w: s.id,
      files: { "status.json": remoteText(s, { state: "failed" }), "task.md": "taken over" },
      events: { from: 0, text: '{"type":"x"}\n' },
      fp: { "status.json": "1:1" },
    }));
    const r = applyDeltas(home, "loop", deltas);
    expect([statusBytes(home, mine.id), statusBytes(home, theirs.id)]).toEqual(before);
    expect(r.changed).toEqual([]);
    expect(r.problems).toHaveLength(2);
    for (const [i, s] of [mine, theirs].entries()) {
      expect(r.problems[i]).toContain("host loop");
      expect(r.problems[i]).toContain(s.id);
      const p = workerPaths(home, s.id);
      expect(existsSync(join(p.dir, "task.md"))).toBe(false);
      expect(existsSync(p.events)).toBe(false);
      expect(existsSync(join(p.dir, "remote.json"))).toBe(false);
    }
    expect(readProblems(home, "loop")).toHaveLength(2);
  });

  it("a `gone` line does not touch a local running worker, but marks a running mirror of that host", () => {
    const mine = local(1, undefined, { state: "active" });
    const ours = local(2, "loop", { state: "active" });
    const before = statusBytes(home, mine.id);
    const r = applyDeltas(home, "loop", [
      { w: mine.id, gone: true },
      { w: ours.id, gone: true },
    ]);
    expect(statusBytes(home, mine.id)).toBe(before);
    expect(readStatus(home, mine.id).state).toBe("active");
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toContain("host loop");
    expect(r.problems[0]).toContain(mine.id);
    // The one that is ours does change: the refusal above is about ownership, not about `gone`.
    const marked = readStatus(home, ours.id);
    expect(marked.state).not.toBe("active");
    expect(JSON.stringify(marked)).toContain("its record is gone from host loop");
    expect(r.changed).toEqual([ours.label]);
  });

  it("refuses a child whose parent is not mirrored from that host, adopts one whose parent is", () => {
    const localParent = local(1, undefined);
    const otherParent = local(2, "other");
    const loopParent = local(3, "loop");
    const child = (id: string, parent: string) => ({
      w: id,
      child: parent,
      files: { "status.json": JSON.stringify(fixtureStatus(7, { id, parentId: parent, depth: 1 })) },
    });
    const r = applyDeltas(home, "loop", [
      child("child-of-local-0001", localParent.id),
      child("child-of-other-0001", otherParent.id),
      child("child-of-nobody-001", "no-such-parent-01"),
      child("child-of-loop-0001", loopParent.id),
    ]);
    for (const id of ["child-of-local-0001", "child-of-other-0001", "child-of-nobody-001"])
      expect(existsSync(workerPaths(home, id).dir), id).toBe(false);
    expect(r.problems).toHaveLength(3);
    for (const p of r.problems) expect(p).toContain("host loop");
    const adopted = readStatus(home, "child-of-loop-0001");
    expect(adopted.host?.name).toBe("loop");
    expect(adopted.label).not.toBe("w7");
    expect(listWorkers(home).workers.map((w) => w.id)).toHaveLength(4);
  });
});

describe("the change set of a mirrored record", () => {
  it("is named by docket and lists the files of the patch that came with it, not the remote's claim", () => {
    const ours = local(1, "loop", { state: "active" });
    const lie = [{ path: "other.txt", added: 99, removed: 0 }];
    const text = remoteText(ours, {
      state: "ready",
      changeSet: { baseline: "b".repeat(40), files: lie, patch: "../../etc/passwd", frozenAt: "2025-01-01T00:00:00Z" },
      changeSets: [
        { version: 1, baseline: "b".repeat(40), files: lie, patch: "changeset.v1.patch", frozenAt: "2025-01-01" },
        { version: 2, baseline: "b".repeat(40), files: lie, patch: "../../etc/passwd", frozenAt: "2025-01-01" },
      ],
    });
    const r = applyDeltas(home, "loop", [
      {
        w: ours.id,
        files: { "status.json": text, "changeset.patch": PATCH, "changeset.v1.patch": PATCH_V1 },
      },
    ]);
    expect(r.problems).toEqual([]);
    const s = readStatus(home, ours.id);
    expect(s.state).toBe("ready");
    expect(s.changeSet?.patch).toBe("changeset.patch");
    expect(s.changeSet?.files).toEqual([
      { path: "src/real.txt", added: 2, removed: 0 },
      { path: "README.md", added: 1, removed: 1 },
    ]);
    expect(s.changeSets?.map((v) => [v.version, v.patch, v.files.map((f) => f.path)])).toEqual([
      [1, "changeset.v1.patch", ["v1.txt"]],
    ]);
    expect(readFileSync(join(workerPaths(home, ours.id).dir, "changeset.patch"), "utf8")).toBe(PATCH);
  });
});

describe("events", () => {
  it("appends a batch that starts at the mirror's length and drops one that does not (stale)", () => {
    const ours = local(1, "loop");
    const file = workerPaths(home, ours.id).events;
    writeFileSync(file, '{"n":1}\n');
    const at = Buffer.byteLength('{"n":1}\n');
    const ok = applyDeltas(home, "loop", [{ w: ours.id, events: { from: at, text: '{"n":2}\n' } }]);
    expect(ok.stale).toBeUndefined();
    expect(readFileSync(file, "utf8")).toBe('{"n":1}\n{"n":2}\n');
    for (const from of [0, at, at * 2 + 1]) {
      const r = applyDeltas(home, "loop", [{ w: ours.id, events: { from, text: '{"n":3}\n' } }]);
      expect(r.stale, `from ${from}`).toBe(true);
      expect(readFileSync(file, "utf8")).toBe('{"n":1}\n{"n":2}\n');
    }
  });

  it("eventsCursor cuts a torn last line so it is fetched again whole", () => {
    const file = join(ts.tmp, "events.ndjson");
    expect(eventsCursor(file)).toBe(0);
    writeFileSync(file, '{"a":1}\n{"b":2}\n');
    expect(eventsCursor(file)).toBe(16);
    writeFileSync(file, '{"a":1}\n{"b":2}\n{"c":');
    expect(eventsCursor(file)).toBe(16);
    expect(readFileSync(file, "utf8")).toBe('{"a":1}\n{"b":2}\n');
    writeFileSync(file, '{"only-torn":');
    expect(eventsCursor(file)).toBe(0);
    expect(readFileSync(file, "utf8")).toBe("");
  });
});

describe("file names", () => {
  it("isMirrored takes the mirrored list and nothing else", () => {
    const yes = ["status.json", "artifacts.json", "task.md", "changeset.patch", "changeset.v12.patch", "pane-tail.txt"];
    const no = [
      "../x",
      "launch.json",
      "inbox/../../x.json",
      "inbox/a/b.json",
      "review.json",
      "remote.json",
      "/etc/passwd",
      "changeset.v1.patch/../../x",
      "changeset.vx.patch",
      "inbox/",
      "",
    ];
    for (const n of [...yes, "inbox/m-1.json"]) expect(isMirrored(n), n).toBe(true);
    for (const n of no) expect(isMirrored(n), n).toBe(false);
  });

  it("never writes or removes a file outside the list, even in a batch that is otherwise taken", () => {
    const ours = local(1, "loop");
    const p = workerPaths(home, ours.id);
    const victim = join(p.dir, "..", "victim.txt");
    writeFileSync(victim, "keep me");
    writeFileSync(join(p.dir, "review.json"), '{"mine":true}');
    const r = applyDeltas(home, "loop", [
      {
        w: ours.id,
        files: {
          "../x": "pwn",
          "launch.json": "{}",
          "inbox/../../x.json": "{}",
          "review.json": "{}",
          "task.md": "the task",
          "inbox/m1.json": '{"id":"m1"}',
        },
        removed: ["../victim.txt", "review.json", "status.json"],
      },
    ]);
    expect(r.problems).toEqual([]);
    expect(readFileSync(join(p.dir, "task.md"), "utf8")).toBe("the task");
    expect(readFileSync(join(p.dir, "inbox", "m1.json"), "utf8")).toBe('{"id":"m1"}');
    expect(existsSync(join(p.dir, "..", "x"))).toBe(false);
    expect(existsSync(join(p.dir, "..", "x.json"))).toBe(false);
    expect(existsSync(join(p.dir, "launch.json"))).toBe(false);
    expect(readFileSync(join(p.dir, "review.json"), "utf8")).toBe('{"mine":true}');
    expect(readFileSync(victim, "utf8")).toBe("keep me");
    expect(existsSync(p.status)).toBe(true);
  });
});

describe("a garbage remote record", () => {
  it("leaves the local record and the batch untaken, names it, and a later good one clears it", () => {
    const ours = local(1, "loop", { state: "needs_input" });
    const before = statusBytes(home, ours.id);
    const p = workerPaths(home, ours.id);
    for (const garbage of ['{"state": "$(rm -rf ~)", garbage', JSON.stringify({ version: 1, id: ours.id })]) {
      const r = applyDeltas(home, "loop", [{ w: ours.id, files: { "status.json": garbage, "task.md": "new task" } }]);
      expect(statusBytes(home, ours.id)).toBe(before);
      expect(existsSync(join(p.dir, "task.md"))).toBe(false);
      expect(r.changed).toEqual([]);
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]).toContain(`loop:${ours.id}/status.json`);
      const kept = readProblems(home, "loop");
      expect(kept).toHaveLength(1);
      expect(kept[0]).toContain(`loop:${ours.id}/status.json`);
    }
    const good = applyDeltas(home, "loop", [
      { w: ours.id, files: { "status.json": remoteText(ours, { state: "active" }) } },
    ]);
    expect(good.problems).toEqual([]);
    expect(readStatus(home, ours.id).state).toBe("active");
    expect(readProblems(home, "loop")).toEqual([]);
  });
});

describe("collect → applyDeltas → collect", () => {
  it("fetches nothing twice, and only whole event lines", () => {
    const remoteHome = join(ts.tmp, "remote-home");
    const id = "round-trip-0001";
    const remote = fixtureStatus(1, { id, state: "needs_input", label: "w1", index: 1 });
    writeNewStatus(remoteHome, remote);
    const rp = workerPaths(remoteHome, id);
    writeFileSync(join(rp.dir, "task.md"), "the task\n");
    writeFileSync(join(rp.dir, "changeset.patch"), PATCH);
    mkdirSync(join(rp.dir, "inbox"));
    writeFileSync(join(rp.dir, "inbox", "m1.json"), '{"id":"m1"}');
    writeFileSync(join(rp.dir, "review.json"), '{"remote":"not mirrored"}');
    writeFileSync(rp.events, '{"e":1}\n{"e":2}\n');

    const mine = local(9, "loop", { id, state: "starting" });
    const lp = workerPaths(home, id);

    const first = collect(remoteHome, cursorOf(home, "loop"));
    expect(first.map((d) => d.w)).toEqual([id]);
    expect(Object.keys(first[0]!.files ?? {}).sort()).toEqual([
      "changeset.patch",
      "inbox/m1.json",
      "status.json",
      "task.md",
    ]);
    const r = applyDeltas(home, "loop", wire(first));
    expect(r.problems).toEqual([]);
    expect(r.changed).toEqual([mine.label]);
    const s = readStatus(home, id);
    expect(s.state).toBe("needs_input");
    expect(s.label).toBe("w9");
    expect(s.host).toEqual({ name: "loop", remoteLabel: "w1" });
    expect(readFileSync(join(lp.dir, "task.md"), "utf8")).toBe("the task\n");
    expect(readFileSync(lp.events, "utf8")).toBe('{"e":1}\n{"e":2}\n');
    expect(existsSync(join(lp.dir, "review.json"))).toBe(false);

    // The mirror's own cursor now: nothing new for that worker.
    expect(collect(remoteHome, cursorOf(home, "loop"))).toEqual([]);

    // Three lines, the last one half-written: exactly the two whole ones come.
    appendFileSync(rp.events, '{"e":3}\n{"e":4}\n{"e":"fi');
    const second = collect(remoteHome, cursorOf(home, "loop"));
    expect(second).toHaveLength(1);
    expect(second[0]!.files).toBeUndefined();
    expect(second[0]!.events).toEqual({ from: 16, text: '{"e":3}\n{"e":4}\n' });
    expect(applyDeltas(home, "loop", wire(second)).stale).toBeUndefined();
    expect(collect(remoteHome, cursorOf(home, "loop"))).toEqual([]);

    // The rest of the line arrives: it comes once, whole.
    appendFileSync(rp.events, 've"}\n');
    const third = collect(remoteHome, cursorOf(home, "loop"));
    expect(third[0]!.events?.text).toBe('{"e":"five"}\n');
    applyDeltas(home, "loop", wire(third));
    expect(readFileSync(lp.events, "utf8")).toBe(readFileSync(rp.events, "utf8"));
    expect(collect(remoteHome, cursorOf(home, "loop"))).toEqual([]);
  });
});
