// The refresher of pre-rendered inbox views (ui/view-refresh.ts) and the ask for one (store/views.ts):
// nothing before anyone opened an inbox, one refresher at a time, a stale lock broken.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { WorkerStatus } from "../../src/core/schema.js";
import { agentDir } from "../../src/core/env.js";
import { currentView, holdViewRefresh, requestViewRefresh, viewPath, viewsDir } from "../../src/store/views.js";
import { ROOT } from "../helpers/sandbox.js";
import { writeJsonAtomic } from "../../src/store/fsutil.js";
import { workerPaths } from "../../src/store/layout.js";
import { colorOn } from "../../src/ui/ansi.js";
import { buildInboxView } from "../../src/ui/inbox-view.js";
import { refreshViews } from "../../src/ui/view-refresh.js";
import { openTempStore, type TempStore } from "../helpers/temp-store.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

// The refresher is a detached process: record the spawns instead of starting any.
const spawned = vi.hoisted(
  () => [] as { cmd: string; args: string[]; opts: { detached?: boolean; env?: NodeJS.ProcessEnv } }[],
);
vi.mock("../../src/core/builtins.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/core/builtins.js")>();
  const spawn = (cmd: string, args: string[], opts: { detached?: boolean; env?: NodeJS.ProcessEnv }) => {
    spawned.push({ cmd, args, opts });
    return { on: () => undefined, unref: () => undefined };
  };
  return { ...real, childProcess: () => ({ ...real.childProcess(), spawn }) };
});

const COLS = 80;
let tmp: string;
let home: string;
let project: string;
let ready: WorkerStatus;
let store: TempStore;

beforeEach(() => {
  store = openTempStore("docket-refresh-");
  ({ tmp, home, project } = store);
  // Workers with no age threshold ahead (a ready result, a failure nobody reviewed): a view of them is
  // stale only when a file changes, whatever the clock says.
  ready = fixtureStatus(1, {
    project,
    state: "ready",
    result: { outcome: "completed", summary: "done", evidence: [], recommended: [], at: "2025-01-01T00:00:00.000Z" },
  });
  const failed = fixtureStatus(2, {
    project,
    state: "failed",
    failure: { reason: "boom", at: "2025-01-01T00:00:00.000Z" },
  });
  for (const s of [ready, failed]) writeJsonAtomic(workerPaths(home, s.id).status, s);
});

afterEach(() => store.close());

const current = () => currentView(home, project, COLS, colorOn, agentDir(), Date.now());
const lock = () => join(viewsDir(home), "refresh.lock");
const again = () => join(viewsDir(home), "refresh.again");

/** Build a view, then change what it shows (w1 reviewed): the view on disk is stale. */
async function staleView(): Promise<void> {
  await buildInboxView({ home, scope: project, cols: COLS });
  expect(current()).toBeDefined();
  writeJsonAtomic(workerPaths(home, ready.id).status, { ...ready, reviewedAt: new Date().toISOString() });
  expect(current()).toBeUndefined();
}

describe("refreshViews", () => {
  it("does nothing before any inbox was opened (no views directory)", async () => {
    expect(await refreshViews(home)).toBe(0);
    expect(existsSync(viewsDir(home))).toBe(false);
  });

  it("rebuilds a stale view once, then finds nothing to do", async () => {
    await staleView();
    const before = readFileSync(viewPath(home, project, COLS, colorOn), "utf8");
    expect(await refreshViews(home)).toBe(1);
    const v = current();
    expect(v).toBeDefined();
    expect(readFileSync(viewPath(home, project, COLS, colorOn), "utf8")).not.toBe(before);
    // The rebuilt view shows the change: w1 is now reviewed (ranked after the failure, dimmed).
    expect(v!.rows.map((r) => r.split("\t")[0])).toEqual(["w2", "w1"]);
    expect(await refreshViews(home)).toBe(0);
    expect(existsSync(lock())).toBe(false);
  });

  it("a current view is left alone", async () => {
    await buildInboxView({ home, scope: project, cols: COLS });
    const before = readFileSync(viewPath(home, project, COLS, colorOn), "utf8");
    expect(await refreshViews(home)).toBe(0);
    expect(readFileSync(viewPath(home, project, COLS, colorOn), "utf8")).toBe(before);
  });

  it("while another refresher holds the lock: rebuilds nothing and leaves refresh.again for it", async () => {
    await staleView();
    writeFileSync(lock(), "");
    expect(await refreshViews(home)).toBe(0);
    expect(existsSync(again())).toBe(true);
    expect(existsSync(lock())).toBe(true); // not ours to remove
    expect(current()).toBeUndefined();
  });

  it("breaks a lock older than 30 s (a refresher that died) and rebuilds", async () => {
    await staleView();
    writeFileSync(lock(), "");
    const old = new Date(Date.now() - 31_000);
    utimesSync(lock(), old, old);
    expect(await refreshViews(home)).toBe(1);
    expect(current()).toBeDefined();
    expect(existsSync(lock())).toBe(false);
    expect(existsSync(again())).toBe(false);
  });

  it("drops a view nobody rebuilt or opened for a week", async () => {
    await buildInboxView({ home, scope: project, cols: COLS });
    const path = viewPath(home, project, COLS, colorOn);
    const old = new Date(Date.now() - 8 * 24 * 3_600_000);
    utimesSync(path, old, old);
    expect(await refreshViews(home)).toBe(0);
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(viewsDir(home))).toEqual([]);
  });
});

describe("requestViewRefresh", () => {
  beforeEach(() => void spawned.splice(0));

  it("with no views directory: spawns nothing, creates nothing, throws nothing", () => {
    expect(() => requestViewRefresh(home)).not.toThrow();
    expect(spawned).toEqual([]);
    expect(existsSync(viewsDir(home))).toBe(false);
    expect(readdirSync(home)).toEqual(["workers"]);
  });

  it("once an inbox made a view: starts one detached `views refresh` for this store, not one per ask", async () => {
    await buildInboxView({ home, scope: project, cols: COLS });
    requestViewRefresh(home);
    expect(spawned).toHaveLength(1);
    const [{ cmd, args, opts }] = spawned as [(typeof spawned)[number]];
    expect(cmd).toBe(process.execPath);
    expect(args.slice(-2)).toEqual(["views", "refresh"]);
    expect(args[0]).toBe(join(ROOT, "dist", "docket.cjs"));
    expect(opts.detached).toBe(true);
    expect(opts.env?.DOCKET_HOME).toBe(home);
    // A burst of asks right after folds into the one running (plus at most one trailing, later).
    requestViewRefresh(home);
    requestViewRefresh(home);
    expect(spawned).toHaveLength(1);
  });

  it("a command that exits inside the gap still starts the trailing refresh, once", async () => {
    await buildInboxView({ home, scope: project, cols: COLS });
    const other = join(tmp, "other-home"); // its own gap: the store of the test above is still in it
    mkdirSync(viewsDir(other), { recursive: true });
    const before = process.listeners("exit");
    requestViewRefresh(other);
    requestViewRefresh(other); // inside the gap: becomes the trailing one
    expect(spawned).toHaveLength(1);
    const added = process.listeners("exit").filter((l) => !before.includes(l));
    expect(added).toHaveLength(1);
    (added[0] as () => void)(); // what process exit runs
    expect(spawned).toHaveLength(2);
    expect(spawned[1]!.opts.env?.DOCKET_HOME).toBe(other);
    expect(process.listeners("exit").filter((l) => !before.includes(l))).toHaveLength(0);
  });

  it("held (a spawn writing its record several times): asks fold into one refresh at the release", () => {
    const held = join(tmp, "held-home"); // its own gap, like above
    mkdirSync(viewsDir(held), { recursive: true });
    const before = process.listeners("exit");
    const release = holdViewRefresh(held);
    requestViewRefresh(held);
    requestViewRefresh(held);
    expect(spawned).toHaveLength(0);
    release();
    expect(spawned).toHaveLength(1);
    expect(spawned[0]!.opts.env?.DOCKET_HOME).toBe(held);
    release(); // twice: nothing more
    expect(spawned).toHaveLength(1);
    expect(process.listeners("exit").filter((l) => !before.includes(l))).toHaveLength(0);
    // Released without any ask: nothing starts.
    holdViewRefresh(held)();
    expect(spawned).toHaveLength(1);
  });
});
