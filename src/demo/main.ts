// `npm run demo`: a private tmux server with docket.tmux and a scripted fleet, attached to this
// terminal; leaving (detach or `q`) stops everything and removes the temp dirs.
// `npm run demo -- --headless`: the same fleet, then print the status line and the ranked inbox.
import { execa } from "execa";
import { DocketError, errorMessage } from "../core/errors.js";
import { buildFleet, waitForFleet, type Fleet } from "./fleet.js";
import { createWorld, ROOT, type World } from "./world.js";
import { join } from "node:path";

const SESSION = "demo";

interface Options {
  headless: boolean;
  keep: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { headless: false, keep: false };
  for (const a of argv) {
    if (a === "--headless") opts.headless = true;
    else if (a === "--keep") opts.keep = true;
    else if (a === "-h" || a === "--help") {
      process.stdout.write(
        "usage: npm run demo [-- --headless] [--keep]\n  --headless  no terminal: build the fleet, print status and " +
          "inbox, exit\n  --keep      keep the temp dir and server (for debugging)\n",
      );
      process.exit(0);
    } else throw new DocketError(`demo: unknown argument ${JSON.stringify(a)} (try --help)`);
  }
  return opts;
}

async function setUpServer(world: World, log: (s: string) => void): Promise<void> {
  await world.startServer(SESSION, ["node", join(ROOT, "dist", "dev", "hint.js")]);
  await world.tmux("rename-window", "-t", `${SESSION}:0`, "docket");
  // The placeholder the person would write in their own tmux.conf; docket.tmux rewrites it.
  await world.tmux("set-option", "-g", "status-right", "#{docket_status} | %H:%M");
  await world.tmux("set-option", "-g", "status-right-length", "80");
  const note = await world.loadPlugin();
  if (note) log(`note: ${note}`);
}

/** @docket_status once it stopped changing for a second: the last worker's publish may trail its
 * status.json write by a moment (each writer publishes after its own transition). */
async function settledStatus(world: World): Promise<{ stdout: string }> {
  let last = "";
  let since = Date.now();
  const deadline = Date.now() + 8000;
  for (;;) {
    const v = (await world.tmuxTry("show-options", "-gqv", "@docket_status")).stdout;
    if (v !== last) {
      last = v;
      since = Date.now();
    } else if (Date.now() - since >= 1000 || Date.now() > deadline) return { stdout: v };
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function printHeadless(world: World, fleet: Fleet): Promise<void> {
  const status = await settledStatus(world);
  const out: string[] = [];
  const raw = status.stdout.trim();
  // Without a terminal, show the summary as the status line would read, minus tmux style codes.
  out.push(`status line (@docket_status): ${raw.replace(/#\[[^\]]*\]/g, "") || "(empty)"}`);
  out.push("");
  out.push("inbox (docket inbox --plain):");
  const inbox = await world.docket(["inbox", "--plain"], { cwd: fleet.repo });
  if (inbox.exitCode === 0) out.push(inbox.stdout.trimEnd());
  else {
    out.push(`  (inbox not available: ${inbox.stderr.trim()})`);
    const workers = await world.docket(["workers"], { cwd: fleet.repo });
    out.push(
      "workers (docket workers):",
      workers.exitCode === 0 ? workers.stdout.trimEnd() : `  (${workers.stderr.trim()})`,
    );
  }
  process.stdout.write(out.join("\n") + "\n");
}

async function attach(world: World): Promise<void> {
  // Attaching from inside another tmux needs TMUX unset; the private server is a different one.
  const env = { ...world.env };
  await execa("tmux", ["-L", world.socket, "attach-session", "-t", `=${SESSION}`], {
    env,
    extendEnv: false,
    stdio: "inherit",
    reject: false,
  });
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (!opts.headless && !(process.stdin.isTTY && process.stdout.isTTY)) {
    throw new DocketError("demo: no terminal here; run `npm run demo -- --headless` for a non-interactive run");
  }
  const log = (s: string) => process.stderr.write(s + "\n");
  const world = createWorld();
  let fleet: Fleet | undefined;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned || opts.keep) return;
    cleaned = true;
    await fleet?.model.close();
    await world.cleanup();
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(sig, () => void cleanup().finally(() => process.exit(130)));
  }
  try {
    log(`docket demo: private tmux server -L ${world.socket}, store ${world.home}`);
    await setUpServer(world, log);
    log("spawning the fleet:");
    fleet = await buildFleet(world, log);
    await world.tmux("set-environment", "-g", "DOCKET_DEMO_REPO", fleet.repo);
    log("waiting for every worker to reach its state…");
    await waitForFleet(world, fleet.labels);
    // The two workers on src/greet.js were graded in the background when they finished; settle it so
    // the first inbox shows git's grade (adjacent: they merge cleanly), not the path-only radar.
    await world.docket(["grades", "refresh", fleet.repo], { cwd: fleet.repo });
    if (opts.headless) await printHeadless(world, fleet);
    else await attach(world);
    if (opts.keep) log(`kept: tmux -L ${world.socket} (TMUX_TMPDIR=${world.env.TMUX_TMPDIR}), dir ${world.dir}`);
    return 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`docket: ${errorMessage(err)}\n`);
    if (process.env.DOCKET_DEBUG && err instanceof Error) process.stderr.write(`${err.stack ?? ""}\n`);
    process.exit(1);
  },
);
