// The verdict key's first paint from the pre-rendered view (real tmux, real bin/docket): the popup shows
// the top decision's card from the view, keys typed right away reach the verdict module, and when the
// store changed after the view was written, the popup shows the store, not the view.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { shellQuote as shellQuoteArg } from "../../src/core/quote.js";
import { viewPath, viewsDir, type InboxView } from "../../src/store/views.js";
import { buildInboxView } from "../../src/ui/inbox-view.js";
import { writeJsonAtomic } from "../../src/store/fsutil.js";
import { workerPaths } from "../../src/store/layout.js";
import { DOCKET_BIN, makeRepo, makeSandbox, waitFor, type Sandbox } from "../helpers/sandbox.js";
import { openPopup } from "../helpers/popup-pane.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

let sb: Sandbox;
let repo: string;
const ago = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const question = (text: string) => ({ text, options: ["safe", "fast"], recommend: "safe", askedAt: ago(3.5) });

function write(n: number, over: Record<string, unknown>): void {
  const w = fixtureStatus(n, { project: repo, createdAt: ago(5), updatedAt: ago(3.5), ...over });
  writeJsonAtomic(workerPaths(sb.home, w.id).status, {
    ...w,
    workspace: { ...w.workspace, path: join(sb.dir, "ws", w.id), parentDir: repo },
  });
}

/** The verdict as the binding runs it, in a pty of no size (0 columns, 0 rows) under script(1), all its output kept; `q` closes it. */
async function verdictInPty(): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const cmd = `exec ${shellQuoteArg(DOCKET_BIN)} verdict --origin-pane %0 --client ''`;
  const r = await execa("script", ["-qec", cmd, "/dev/null"], {
    env: sb.env,
    extendEnv: false,
    cwd: repo,
    input: "q",
    reject: false,
  });
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
}

function view(): InboxView | undefined {
  const name = readdirSync(viewsDir(sb.home)).find((n) => /^inbox-[0-9a-f]{8}\.json$/.test(n));
  return name ? (JSON.parse(readFileSync(join(viewsDir(sb.home), name), "utf8")) as InboxView) : undefined;
}

beforeAll(async () => {
  sb = makeSandbox();
  await sb.startServer();
  repo = await makeRepo(join(sb.dir, "repo"));
  write(1, { state: "failed", failure: { reason: "cannot reach the database", at: ago(3.5) } });
  write(3, { state: "needs_input", question: question("Which migration path?") });
  // An inbox opened once writes the view (same pane width, agent dir and colours as the verdict's).
  const inbox = await openPopup(sb, ["inbox"], { cwd: repo, name: "inbox" });
  await inbox.waitFor(/w3\s+needs input/, "inbox rows");
  await inbox.keys("q");
  await waitFor(() => view()?.verdict, 10_000, "a view with the verdict's first frame");
});

afterAll(async () => {
  await sb?.cleanup();
});

/**
 * Build the view for a pty of no size (0 columns; `rows` when given) as the popup would find it, with
 * its verdict frame marked FROM-VIEW: only a paint from the view can show the mark.
 */
async function writeMarkedView(rows?: number): Promise<InboxView> {
  const env = process.env.PI_CODING_AGENT_DIR;
  process.env.PI_CODING_AGENT_DIR = sb.agentDir;
  try {
    const { view: built } = await buildInboxView({
      home: sb.home,
      scope: repo,
      cols: 0,
      ...(rows !== undefined ? { rows } : {}),
    });
    const marked = {
      ...built,
      verdict: {
        ...built.verdict!,
        screen: built.verdict!.screen.replace("docket · verdict", "docket · verdict FROM-VIEW"),
      },
    };
    writeFileSync(viewPath(sb.home, repo, 0, built.color), JSON.stringify(marked));
    return built;
  } finally {
    if (env === undefined) delete process.env.PI_CODING_AGENT_DIR;
    else process.env.PI_CODING_AGENT_DIR = env;
  }
}

describe("verdict popup from the view", () => {
  it("paints the top decision from the view and takes keys typed at once", async () => {
    expect(view()!.verdict!.label).toBe("w3");
    const v = await openPopup(sb, ["verdict", "--origin-pane", "%0", "--client", ""], { cwd: repo, name: "verdict" });
    await v.keys("Down"); // typed before the verdict module has loaded, most likely
    const screen = await v.waitFor(/▸\s+2 fast/, "the cursor moved to option 2");
    expect(screen).toContain("Which migration path?");
    expect(screen).toMatch(/docket · verdict\s+1 more/);
    await v.keys("Escape");
    await waitFor(async () => !(await v.alive()), 10_000, "verdict closes on Esc");
  });

  it("the first frame written is the view's (a pty of no size: a view for 0 columns)", async () => {
    await writeMarkedView();
    const r = await verdictInPty();
    expect(r.exitCode, r.stderr).toBe(0);
    const firstFrame = r.stdout.indexOf("FROM-VIEW");
    expect(firstFrame).toBeGreaterThanOrEqual(0);
    // …and then the verdict module, reading the store, paints the real frame (which differs by the mark).
    expect(r.stdout.indexOf("docket · verdict", firstFrame + 1)).toBeGreaterThan(firstFrame);
    expect(r.stdout).toContain("Which migration path?");
  });

  it("a frame fit to another height is not painted (views are keyed by width only)", async () => {
    const built = await writeMarkedView(30);
    expect(built.height).toBe(30);
    const r = await verdictInPty();
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("FROM-VIEW");
    expect(r.stdout).toContain("Which migration path?");
  });

  it("shows the store, not an out-of-date view", async () => {
    const before = view()!;
    write(3, { state: "needs_input", question: question("Rename the column instead?") });
    const v = await openPopup(sb, ["verdict", "--origin-pane", "%0", "--client", ""], { cwd: repo, name: "verdict2" });
    const screen = await v.waitFor(/Rename the column instead\?/, "the changed question");
    expect(screen).not.toContain("Which migration path?");
    expect(before.verdict!.screen).toContain("Which migration path?");
    await v.keys("Escape");
  });
});
