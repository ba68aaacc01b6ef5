// Popup bench rows: first paint of the inbox (50 workers in the store), the verdict card and peek,
// each as a ratio to `node -e 0` timed in the same loop (runs alternate, so machine load hits both
// alike), and the preview update per cursor move (goal ≤ 30 ms).
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { shellQuote } from "../core/quote.js";
import { viewsDir, type InboxView } from "../store/views.js";
import { inboxFzfArgs, writeCards } from "../ui/inbox-fzf.js";
import { seedStore } from "./fixtures.js";
import { timeMedian, timeOnce } from "./measure.js";
import { median, type BenchContext, type BenchRow } from "./table.js";

/**
 * A popup refuses to run without a terminal, so every timed run here, the `node -e 0` baseline
 * included, gets a pty of no size (0 columns, as a pipe had) from script(1) (util-linux).
 */
function inPty(cmd: string, args: string[]): [string, string[]] {
  return ["script", ["-qec", `exec ${[cmd, ...args].map(shellQuote).join(" ")}`, "/dev/null"]];
}

/** ms from spawning `cmd` (in a pty) until its output shows `marker`; the process is then stopped. */
function timeToOutput(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  marker: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(...inPty(cmd, args), { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stderr.on("data", (b: Buffer) => (err += b.toString()));
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString();
      if (!out.includes(marker)) return;
      resolve(Number(process.hrtime.bigint() - t0) / 1e6);
      child.kill("SIGTERM");
    });
    child.once("error", reject);
    child.once("close", (code) =>
      reject(new Error(`${args.join(" ")} exited ${code} before painting: ${err.trim().split("\n")[0] ?? ""}`)),
    );
  });
}

/** Median of `measure` and of `node -e 0`, alternating run by run after one warm-up of each. */
async function againstNode(
  ctx: BenchContext,
  measure: () => Promise<number>,
): Promise<{ value: number; floor: number }> {
  const node = () => timeOnce(...inPty(process.execPath, ["-e", "0"]), { env: ctx.env });
  await node();
  await measure();
  const xs: number[] = [];
  const floors: number[] = [];
  for (let i = 0; i < ctx.reps; i++) {
    floors.push(await node());
    xs.push(await measure());
  }
  return { value: median(xs), floor: median(floors) };
}

export default async function popupsBench(ctx: BenchContext): Promise<BenchRow[]> {
  const dir = join(ctx.tmp, "popups-bench");
  const home = join(dir, "home");
  const bin = join(dir, "bin");
  mkdirSync(bin, { recursive: true });
  seedStore(home, 50, dir);
  // fzf needs a terminal to draw; this stand-in runs the real fzf in filter mode on the rows the inbox
  // hands over (so fzf's own start-up counts, overlapped with docket's as in a popup), stamps the moment
  // fzf has read them all (file mtime: same wall clock as Date.now here) and closes.
  const stamp = join(dir, "fzf-has-rows");
  const stub = join(bin, "fzf");
  const realFzf = spawnSync("sh", ["-c", "command -v fzf"], { env: ctx.env, encoding: "utf8" }).stdout.trim() || "fzf";
  writeFileSync(stub, `#!/bin/sh\n'${realFzf}' --filter '' >/dev/null\n: > '${stamp}'\nexit 130\n`);
  chmodSync(stub, 0o755);
  const env = {
    ...ctx.env,
    DOCKET_HOME: home,
    PATH: `${bin}:${ctx.env.PATH ?? process.env.PATH ?? ""}`,
    COLUMNS: "160",
  };
  // Run the inbox as the key binding does (--origin-pane); its scope is the project of its directory.
  const pane = spawnSync(
    "tmux",
    ["-L", ctx.env.DOCKET_TMUX_SOCKET ?? "", "new-window", "-d", "-P", "-F", "#{pane_id}", "-c", dir],
    { env: ctx.env, encoding: "utf8" },
  );
  const paneId = pane.status === 0 ? pane.stdout.trim() : "";
  const inboxArgs = paneId ? ["inbox", "--origin-pane", paneId, "--client", ""] : ["inbox", "--all"];
  const totals: number[] = [];
  const inbox = await againstNode(ctx, async () => {
    rmSync(stamp, { force: true });
    const t0 = Date.now();
    totals.push(await timeOnce(...inPty(ctx.docketBin, inboxArgs), { env, cwd: dir }));
    return statSync(stamp).mtimeMs - t0;
  });
  const paint = inbox.value;
  // The same store without the workers' usage (every bench worker has spent something): what showing
  // cost adds to the first paint. It is in the view, so it should add nothing measurable.
  const bare = join(dir, "home-no-usage");
  seedStore(bare, 50, dir);
  for (const id of readdirSync(join(bare, "workers"))) {
    const file = join(bare, "workers", id, "status.json");
    const { usage: _u, ...rest } = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify(rest));
  }
  const bareEnv = { ...env, DOCKET_HOME: bare };
  const noUsage = await againstNode(ctx, async () => {
    rmSync(stamp, { force: true });
    const t0 = Date.now();
    await timeOnce(...inPty(ctx.docketBin, inboxArgs), { env: bareEnv, cwd: dir });
    return statSync(stamp).mtimeMs - t0;
  });
  // The same with no current view (a worker changed since any refresh): rendered from the store.
  const cold = await againstNode(ctx, async () => {
    rmSync(join(home, "views"), { recursive: true, force: true });
    rmSync(stamp, { force: true });
    const t0 = Date.now();
    await timeOnce(...inPty(ctx.docketBin, inboxArgs), { env, cwd: dir });
    return statSync(stamp).mtimeMs - t0;
  });
  // Verdict: until the first card is on stdout (the inbox runs above left a current view).
  const verdict = await againstNode(ctx, () =>
    timeToOutput(
      ctx.docketBin,
      paneId ? ["verdict", "--origin-pane", paneId, "--client", ""] : ["verdict", "--all"],
      env,
      dir,
      "docket · verdict",
    ),
  );
  // Peek: until the first frame (header) is on stdout. The seeded workers have no window, so the frame
  // shows the harvested tail: the same store read and one tmux call a live pane costs.
  const peek = await againstNode(ctx, () => timeToOutput(ctx.docketBin, ["peek", "w1"], env, dir, "peek w1"));

  // A cursor move runs fzf's preview command (awk picking one card out of the round's cards file),
  // here on the bench store's own view, for a row in the middle.
  const view = JSON.parse(
    readFileSync(
      readdirSync(viewsDir(home))
        .filter((n) => n.endsWith(".json"))
        .map((n) => join(viewsDir(home), n))[0]!,
      "utf8",
    ),
  ) as InboxView;
  const cardsDir = join(dir, "cards-bench");
  mkdirSync(cardsDir, { recursive: true });
  writeCards(view, cardsDir, Date.now());
  const key = view.rows[Math.floor(view.rows.length / 2)]!.split("\t")[0]!;
  const previewCmd = inboxFzfArgs(cardsDir, 1, false)
    .find((a) => a.startsWith("--preview="))!
    .slice("--preview=".length)
    .replace("{1}", `'${key}'`);
  const preview = await timeMedian(ctx.reps, () =>
    timeOnce("sh", ["-c", `${previewCmd} >/dev/null`], { env: ctx.env }),
  );
  const goal = "≤ 1.3× node -e 0";
  return [
    {
      name: "inbox first paint, 50 workers",
      value: paint,
      unit: "ms",
      baseline: inbox.floor,
      baselineName: "node -e 0",
      goal,
      note:
        `${paneId ? "as bound (--origin-pane)" : "--all (no bench pane)"}, from a current view: until fzf ` +
        `(started alongside) has every row (whole run ${median(totals.slice(1)).toFixed(0)} ms); median of ` +
        `${ctx.reps}`,
    },
    {
      name: "inbox first paint, 50 workers: usage shown",
      value: paint,
      unit: "ms",
      baseline: noUsage.value,
      baselineName: "the same store without usage",
      goal: "≈ 1× (usage is in the view)",
      note:
        `the first row again, against a store whose workers recorded no usage: what reading and showing cost ` +
        `adds; median of ${ctx.reps}`,
    },
    {
      name: "inbox first paint, no current view",
      value: cold.value,
      unit: "ms",
      baseline: cold.floor,
      baselineName: "node -e 0",
      goal: "≤ 2× node -e 0",
      note: `views removed before each run: rendered from the store, then written; median of ${ctx.reps}`,
    },
    {
      name: "verdict first paint",
      value: verdict.value,
      unit: "ms",
      baseline: verdict.floor,
      baselineName: "node -e 0",
      goal,
      note: `${paneId ? "as bound, " : ""}from a current view: until the first card is written; median of ${ctx.reps}`,
    },
    {
      name: "peek first frame",
      value: peek.value,
      unit: "ms",
      baseline: peek.floor,
      baselineName: "node -e 0",
      goal: "≤ 1.5× node -e 0",
      note:
        `docket peek w1 until the first frame is written: a live capture-pane, so no view (the inbox's p key ` +
        `runs it in-process); median of ${ctx.reps}`,
    },
    {
      name: "inbox preview per cursor move",
      value: preview,
      unit: "ms",
      goal: "≤ 30 ms",
      note: `fzf's preview command on ${key} of the bench view: sh + awk over the pre-rendered cards, no node`,
    },
  ];
}
