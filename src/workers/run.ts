// The launch wrapper a worker window runs: `node dist/run.js <worker-dir>`.
// Reads launch.json, runs pi with the terminal inherited (no shell), forwards signals, and records
// pi's exit code in <worker-dir>/exit-code because tmux's pane_dead_status can stay empty.
// Node built-ins only on the start path: it starts once per worker and must start fast. It also watches
// for an extension that never reports (pi refused it, or crashed before loading it): the worker then
// fails with pi's own words from the pane instead of sitting at `starting` for ever.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { constants } from "node:os";
import { cliEntry } from "../store/paths.js";

function fail(msg: string): never {
  process.stderr.write(`docket worker: ${msg}\n`);
  record(127);
  process.exit(127);
}

let dir = "";
function record(code: number): void {
  if (!dir) return;
  try {
    writeFileSync(join(dir, "exit-code"), `${code}\n`, { mode: 0o600 });
  } catch {
    /* the record may have been deleted; nothing to keep */
  }
}

function readLaunch(file: string): { argv: string[]; cwd: string } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    fail(`cannot read ${file}: ${(err as Error).message}`);
  }
  const o = json as { argv?: unknown; cwd?: unknown };
  if (
    !o ||
    !Array.isArray(o.argv) ||
    o.argv.length === 0 ||
    !o.argv.every((a) => typeof a === "string") ||
    typeof o.cwd !== "string"
  ) {
    fail(`${file}: expected {argv: string[], cwd: string}`);
  }
  return { argv: o.argv as string[], cwd: o.cwd as string };
}

/**
 * tmux 3.3 sometimes skips a pane's pane-died hook (the pty's EOF can beat the child's exit status),
 * so the wrapper also starts the harvest itself, detached so it outlives the pane. The harvest is
 * idempotent; it waits for the pane to be dead and does nothing when the server is gone.
 */
function harvestAfterExit(code: number): void {
  const id = process.env.DOCKET_WORKER_ID;
  const pane = process.env.TMUX_PANE;
  if (!id || !pane) return;
  const cli = cliEntry();
  try {
    spawn(process.execPath, [cli, "hook", "pane-died", id, pane, String(code), "--wrapper"], {
      detached: true,
      stdio: "ignore",
      env: process.env,
    }).unref();
  } catch {
    /* the pane-died hook and the next listing command remain */
  }
}

/** How long pi may take to load the extension (its first heartbeat) before the worker is failed. */
export const EXTENSION_GRACE_MS = Number(process.env.DOCKET_EXTENSION_GRACE_MS) || 30_000;

function watchExtension(child: ReturnType<typeof spawn>): void {
  const id = process.env.DOCKET_WORKER_ID;
  const home = process.env.DOCKET_HOME;
  if (!id || !home || !dir) return;
  const timer = setTimeout(() => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    void (async () => {
      try {
        const status = JSON.parse(readFileSync(join(dir, "status.json"), "utf8")) as {
          heartbeatAt?: unknown;
          extensionPid?: unknown;
        };
        if (status.heartbeatAt || status.extensionPid) return;
        const [{ transition }, { fail: failMove }, { piErrorLine }, { ownPaneText }] = await Promise.all([
          import("./transition.js"),
          import("../core/lifecycle.js"),
          import("../core/pi-error.js"),
          import("../tmux/panes.js"),
        ]);
        const said = piErrorLine(ownPaneText());
        const reason =
          `docket's extension never loaded in pi (${EXTENSION_GRACE_MS / 1000} s)` + `${said ? `: ${said}` : ""}`;
        transition(home, id, reason, (s) =>
          s.heartbeatAt || s.extensionPid ? undefined : failMove(s, reason, new Date().toISOString(), "cannot_run"),
        );
      } catch {
        /* the record is gone or unreadable: listings report it */
      }
    })();
  }, EXTENSION_GRACE_MS);
  timer.unref();
}

function main(): void {
  dir = process.argv[2] ?? "";
  if (!dir) fail("usage: run.js <worker-dir>");
  const launch = readLaunch(join(dir, "launch.json"));
  const [prog, ...args] = launch.argv as [string, ...string[]];
  const child = spawn(prog, args, { cwd: launch.cwd, stdio: "inherit", env: process.env });
  const forward = (sig: NodeJS.Signals) => () => {
    try {
      child.kill(sig);
    } catch {
      /* already gone */
    }
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, forward(sig));
  child.on("error", (err) => fail(`cannot start ${prog}: ${err.message}`));
  watchExtension(child);
  child.on("exit", (code, signal) => {
    const n = code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
    if (signal) process.stderr.write(`docket worker: pi was killed by ${signal}\n`);
    record(n);
    harvestAfterExit(n);
    process.exit(n);
  });
}

main();
