// Pre-rendered inbox views (ui/inbox-view.ts, store/views.ts) on a real store in a temp dir: a
// view stays current exactly while what it shows is unchanged, and its filled rows are the rows the
// inbox would render from the store at that moment.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Artifact, WorkerStatus } from "../../src/core/schema.js";
import { agentDir } from "../../src/core/env.js";
import { buildStamp, currentView, signature, staleViews, viewPath, type InboxView } from "../../src/store/views.js";
import { fillView } from "../../src/ui/inbox-fzf.js";
import { updateStatusRecord } from "../../src/store/status-record.js";
import { writeJsonAtomic } from "../../src/store/fsutil.js";
import { loadsPath, workerPaths } from "../../src/store/layout.js";
import { colorOn } from "../../src/ui/ansi.js";
import { doneFile, loadSnapshot } from "../../src/ui/data.js";
import { buildInboxView } from "../../src/ui/inbox-view.js";
import { rowText } from "../../src/ui/inbox-row.js";
import { openTempStore, type TempStore } from "../helpers/temp-store.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

const T = Date.parse("2026-03-01T12:00:00.000Z");
const MIN = 60_000;
/** Popup columns (views are per scope, popup size, colours and agent dir). */
const COLS = 100;
const iso = (msAgo: number) => new Date(T - msAgo).toISOString();

let tmp: string;
let home: string;
let agent: string;
let project: string;
let store: TempStore;

/** Worker ids by role, filled by seed(). */
const id = { question: "", failed: "", active: "", silent: "", ready: "" };

function art(over: Partial<Artifact> & Pick<Artifact, "id" | "type">): Artifact {
  return { at: iso(2 * MIN), title: over.type, text: "", ...over } as Artifact;
}

function write(status: WorkerStatus, artifacts?: Artifact[]): void {
  const p = workerPaths(home, status.id);
  writeJsonAtomic(p.status, status);
  if (artifacts) writeJsonAtomic(p.artifacts, { items: artifacts });
}

function seed(): void {
  const common = { project, createdAt: iso(40 * MIN), updatedAt: iso(30_000), heartbeatAt: iso(5_000) };
  const question = fixtureStatus(1, {
    ...common,
    state: "needs_input",
    question: { text: "Keep the old API?", options: ["keep", "drop"], recommend: "keep", askedAt: iso(10 * MIN) },
  });
  const failed = fixtureStatus(2, {
    ...common,
    state: "failed",
    failure: { reason: "database unreachable", at: iso(20 * MIN) },
  });
  const active = fixtureStatus(3, {
    ...common,
    state: "active",
    startedAt: iso(30 * MIN),
    lastActivityAt: iso(MIN),
    todos: [
      { text: "read the code", state: "completed" },
      { text: "write the fix", state: "in_progress" },
    ],
  });
  const silent = fixtureStatus(4, {
    ...common,
    state: "active",
    startedAt: iso(30 * MIN),
    lastActivityAt: iso(10 * MIN),
  });
  const ready = fixtureStatus(5, {
    ...common,
    state: "ready",
    result: {
      outcome: "completed",
      summary: "patched the parser",
      evidence: ["npm test: 12 passed"],
      recommended: [],
      at: iso(59_000),
    },
    changeSet: {
      baseline: "0".repeat(40),
      files: [{ path: "src/a.ts", added: 4, removed: 1 }],
      patch: "changeset.patch",
      frozenAt: iso(59_000),
    },
  });
  write(question, []);
  write(failed, [art({ id: "c1", type: "command", title: "npm test", text: "1 failing", exitCode: 1 })]);
  write(active, [
    art({ id: "c1", type: "command", title: "npm run lint", exitCode: 0 }),
    art({ id: "f1", type: "edit", title: "src/b.ts", path: "src/b.ts" }),
  ]);
  write(silent);
  write(ready, [
    art({ id: "f1", type: "edit", title: "src/a.ts", path: "src/a.ts" }),
    art({ id: "c1", type: "command", title: "npm test", exitCode: 0 }),
  ]);
  Object.assign(id, {
    question: question.id,
    failed: failed.id,
    active: active.id,
    silent: silent.id,
    ready: ready.id,
  });
}

const statusOf = (wid: string) => JSON.parse(readFileSync(workerPaths(home, wid).status, "utf8")) as WorkerStatus;
const artifactsOf = (wid: string) =>
  (JSON.parse(readFileSync(workerPaths(home, wid).artifacts, "utf8")) as { items: Artifact[] }).items;
const appendArtifact = (wid: string, a: Artifact) =>
  writeJsonAtomic(workerPaths(home, wid).artifacts, { items: [...artifactsOf(wid), a] });
const rewriteStatus = (wid: string, fn: (s: WorkerStatus) => WorkerStatus) =>
  writeJsonAtomic(workerPaths(home, wid).status, fn(statusOf(wid)));

async function build(now = T): Promise<InboxView> {
  return (await buildInboxView({ home, scope: project, cols: COLS, now })).view;
}

/** The view a popup of this store, scope and width would show at `now`. */
const current = (now = T + 1_000, over: { cols?: number; agent?: string } = {}) =>
  currentView(home, project, over.cols ?? COLS, colorOn, over.agent ?? agentDir(), now);

beforeEach(() => {
  store = openTempStore("docket-view-");
  ({ tmp, home, agent, project } = store);
  seed();
});

afterEach(() => store.close());

describe("buildInboxView", () => {
  it("writes a view that a popup of the same store, scope, size, colours and agent dir finds current", async () => {
    const built = await build();
    expect(built.rows.length).toBeGreaterThanOrEqual(5);
    expect(built.agentDir).toBe(agent);
    expect(built.cols).toBe(COLS);
    const found = current();
    expect(found).toBeDefined();
    expect(found!.rows).toEqual(built.rows);
    expect(found!.builtAt).toBe(T);
    expect(JSON.parse(readFileSync(viewPath(home, project, COLS, colorOn), "utf8")).rows).toEqual(built.rows);
    // Before the build it is not (a clock that went back).
    expect(current(T - 1)).toBeUndefined();
  });

  type Case = { name: string; before?: () => void; change: () => void };
  const staleAfter: Case[] = [
    {
      name: "a todo changes",
      change: () =>
        rewriteStatus(id.active, (s) => ({ ...s, todos: s.todos.map((t) => ({ ...t, state: "completed" as const })) })),
    },
    { name: "the state changes", change: () => rewriteStatus(id.active, (s) => ({ ...s, state: "idle" })) },
    {
      name: "a silent worker shows activity (lastActivityAt)",
      change: () => rewriteStatus(id.silent, (s) => ({ ...s, lastActivityAt: iso(0) })),
    },
    { name: "a worker is reviewed", change: () => rewriteStatus(id.ready, (s) => ({ ...s, reviewedAt: iso(0) })) },
    {
      name: "a new worker directory appears",
      change: () =>
        write(
          fixtureStatus(9, { project, state: "active", createdAt: iso(0), updatedAt: iso(0), lastActivityAt: iso(0) }),
        ),
    },
    {
      name: "an empty new worker directory appears",
      change: () => mkdirSync(workerPaths(home, "task-9-new").dir, { recursive: true }),
    },
    { name: "a worker is removed", change: () => rmSync(workerPaths(home, id.failed).dir, { recursive: true }) },
    {
      name: "a failed command is appended to artifacts.json",
      change: () => appendArtifact(id.active, art({ id: "c2", type: "command", title: "npm test", exitCode: 2 })),
    },
    {
      name: "an error is appended to artifacts.json",
      change: () => appendArtifact(id.ready, art({ id: "e1", type: "error", title: "tool crashed" })),
    },
    {
      name: "an edit with a new path is appended",
      change: () => appendArtifact(id.active, art({ id: "f2", type: "edit", title: "src/a.ts", path: "src/a.ts" })),
    },
    {
      name: "the first artifacts.json of a worker is written (a failed command)",
      change: () =>
        writeJsonAtomic(workerPaths(home, id.silent).artifacts, {
          items: [art({ id: "c1", type: "command", title: "make", exitCode: 1 })],
        }),
    },
    {
      name: "pane-tail.txt is written for a failed worker",
      change: () => writeFileSync(workerPaths(home, id.failed).paneTail, "Error: connect ECONNREFUSED\n"),
    },
    {
      name: "the user docket.json is created",
      change: () => writeFileSync(join(agent, "docket.json"), JSON.stringify({ worker: { silentMinutes: 20 } })),
    },
    {
      name: "the user docket.json changes",
      before: () => writeFileSync(join(agent, "docket.json"), JSON.stringify({ worker: { silentMinutes: 20 } })),
      change: () => writeJsonAtomic(join(agent, "docket.json"), { worker: { silentMinutes: 2 } }),
    },
    {
      name: "the project .pi/docket.json is created",
      change: () => {
        mkdirSync(join(project, ".pi"), { recursive: true });
        writeFileSync(join(project, ".pi", "docket.json"), JSON.stringify({ worker: { waitingMinutes: 5 } }));
      },
    },
    { name: "inbox-done.json is written", change: () => writeJsonAtomic(doneFile(home), { keys: [`w2.c1`] }) },
    { name: "loads.json is written", change: () => writeJsonAtomic(loadsPath(home), { items: [] }) },
  ];

  it.each(staleAfter)("is no longer current after: $name", async ({ before, change }) => {
    before?.();
    await build();
    expect(current()).toBeDefined();
    change();
    expect(current()).toBeUndefined();
  });

  it("is not the view of another popup size, agent dir, colour setting or scope", async () => {
    await build();
    expect(current()).toBeDefined();
    expect(current(T + 1_000, { cols: COLS + 1 })).toBeUndefined();
    const other = join(tmp, "other-agent");
    mkdirSync(other);
    expect(current(T + 1_000, { agent: other })).toBeUndefined();
    expect(currentView(home, project, COLS, !colorOn, agentDir(), T + 1_000)).toBeUndefined();
    expect(currentView(home, null, COLS, colorOn, agentDir(), T + 1_000)).toBeUndefined();
  });

  it("is not shown by another build of docket (an upgrade renders anew)", async () => {
    await build();
    const path = viewPath(home, project, COLS, colorOn);
    const view = JSON.parse(readFileSync(path, "utf8")) as InboxView;
    expect(view.build).toBe(buildStamp());
    writeFileSync(path, JSON.stringify({ ...view, build: "1:2:3" }));
    expect(current()).toBeUndefined();
    expect(staleViews(home, T + 1_000).map((s) => s.path)).toEqual([path]);
  });

  it("is valid until the next age warning: a question passing worker.waitingMinutes", async () => {
    writeFileSync(join(agent, "docket.json"), JSON.stringify({ worker: { waitingMinutes: 15 } }));
    const askedAt = T - 14 * MIN;
    rewriteStatus(id.question, (s) => ({
      ...s,
      question: { ...s.question!, askedAt: new Date(askedAt).toISOString() },
    }));
    const view = await build();
    expect(view.validUntil).toBe(askedAt + 15 * MIN);
    expect(current(view.validUntil - 1)).toBeDefined();
    expect(current(view.validUntil)).toBeUndefined();
    expect(current(view.validUntil + 10 * MIN)).toBeUndefined();
    // Before the threshold, no row says waiting; rebuilt past it, the question's row does.
    expect(fillView(view, view.validUntil - 1).rows.join("\n")).not.toContain("waiting");
    const later = await build(view.validUntil);
    expect(fillView(later, view.validUntil).rows.find((r) => r.startsWith("w1\t"))).toContain("waiting 15m");
  });

  it("is valid until a running worker turns silent (worker.silentMinutes)", async () => {
    const view = await build();
    // w3's last activity was a minute ago; silentMinutes defaults to 5.
    expect(view.validUntil).toBe(Date.parse(statusOf(id.active).lastActivityAt!) + 5 * MIN);
    expect(current(view.validUntil - 1)).toBeDefined();
    expect(current(view.validUntil)).toBeUndefined();
  });

  describe("stays current after what a view does not show", () => {
    it("a heartbeat rewrite of status.json (heartbeatAt, updatedAt, extensionPid; lastActivityAt of a worker that is not silent)", async () => {
      const view = await build();
      const sigBefore = (p: string) => view.inputs.find((i) => i[0] === p)![1];
      // The extension's own writer, as its heartbeat and activity stamps use it.
      for (const wid of [id.active, id.question, id.ready]) {
        updateStatusRecord(workerPaths(home, wid), wid, (s) => ({
          ...s,
          heartbeatAt: iso(-500),
          extensionPid: 424242,
          lastActivityAt: iso(-500),
        }));
      }
      updateStatusRecord(workerPaths(home, id.silent), id.silent, (s) => ({
        ...s,
        heartbeatAt: iso(-500),
        extensionPid: 424242,
      }));
      // The files did change on disk: only their content digests can keep the view current.
      for (const wid of [id.active, id.question, id.ready, id.silent])
        expect(signature(workerPaths(home, wid).status)).not.toBe(sigBefore(workerPaths(home, wid).status));
      expect(current()).toBeDefined();
    });

    it("a passing command appended to artifacts.json", async () => {
      const view = await build();
      const p = workerPaths(home, id.ready).artifacts;
      appendArtifact(id.ready, art({ id: "c2", type: "command", title: "npm run build", text: "ok", exitCode: 0 }));
      expect(signature(p)).not.toBe(view.inputs.find((i) => i[0] === p)![1]);
      expect(current()).toBeDefined();
      // ...and a failing one after it does not.
      appendArtifact(id.ready, art({ id: "c3", type: "command", title: "npm test", exitCode: 1 }));
      expect(current()).toBeUndefined();
    });

    it("the same passing command appended to a worker whose edits are unchanged (an edit of a known path)", async () => {
      await build();
      appendArtifact(id.ready, art({ id: "f2", type: "edit", title: "src/a.ts again", path: "src/a.ts" }));
      expect(current()).toBeDefined();
    });
  });

  it("filled rows and cards are what the store renders at the moment they are shown", async () => {
    const view = await build();
    // Ages are tokens in the file, not text.
    expect(view.rows.join("\n")).toContain("\x1d");
    const later = T + 61_000;
    expect(later).toBeLessThan(view.validUntil);
    const shown = fillView(view, later);
    const snap = await loadSnapshot(home, project, later);
    const direct = snap.items.map((it) => rowText(it, later));
    expect(shown.rows.map((r) => r.slice(r.indexOf("\t") + 1))).toEqual(direct);
    expect(shown.rows.join("\n")).not.toContain("\x1d");
    // Time moved the ages: the ready result (59 s old when built) now reads 2m, the silent marker 11m.
    expect(shown.rows).not.toEqual(fillView(view, T).rows);
    expect(shown.rows.find((r) => r.startsWith("w5\t"))).toMatch(/\b2m\b/);
    expect(shown.rows.find((r) => r.startsWith("w4\t"))).toContain("silent 11m");
    // Every card, filled, is the card a build at that moment renders.
    const keys = view.rows.map((r) => r.slice(0, r.indexOf("\t")));
    const fresh = fillView(await build(later), later);
    expect(fresh.rows).toEqual(shown.rows);
    for (const k of keys) {
      expect(shown.preview(k)).not.toContain("\x1d");
      expect(shown.preview(k)).toBe(fresh.preview(k));
    }
  });
});
