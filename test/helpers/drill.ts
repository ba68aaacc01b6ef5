// Shared set-up for the failure drills: a sandbox with a scripted model, a demo repo, a config that
// points workers at the model, and small readers of the store. Built on test/helpers/sandbox.ts.
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startModelServer, type ModelServer, type Script } from "../../src/demo/model-server.js";
import type { WorkerStatus } from "../../src/core/schema.js";
import { workerPaths } from "../../src/store/layout.js";
import { updateStatusRecord } from "../../src/store/status-record.js";
import { listWorkers } from "../../src/store/workers.js";
import { makeRepo, makeSandbox, waitFor, type Sandbox } from "./sandbox.js";

export interface Drill {
  sb: Sandbox;
  model: ModelServer;
  repo: string;
  /** `docket spawn -- <task>` in the repo; returns the label and id it printed. */
  spawn(task: string, extra?: string[]): Promise<{ label: string; id: string }>;
  worker(label: string): WorkerStatus | undefined;
  waitState(label: string, pred: (s: WorkerStatus) => boolean, what: string, ms?: number): Promise<WorkerStatus>;
  cleanup(): Promise<void>;
}

export async function makeDrill(
  scripts: Script[],
  opts: { config?: object; env?: NodeJS.ProcessEnv; files?: Record<string, string> } = {},
): Promise<Drill> {
  const sb = makeSandbox(opts.env);
  const model = await startModelServer(scripts);
  model.writeModelsJson(sb.agentDir);
  writeFileSync(
    join(sb.agentDir, "docket.json"),
    JSON.stringify({ worker: { model: "fake/fake-model", ...(opts.config ?? {}) } }),
  );
  const repo = await makeRepo(join(sb.dir, "repo"), {
    "README.md": "# drill\n",
    "src/a.txt": "one\ntwo\n",
    ...opts.files,
  });
  await sb.startServer();
  const d: Drill = {
    sb,
    model,
    repo,
    spawn: (task, extra = []) => spawnLabel(sb, ["spawn", ...extra, "--", task], repo),
    worker: (label) => listWorkers(sb.home).workers.find((w) => w.label === label),
    waitState: (label, pred, what, ms = 30_000) => waitLabel(sb.home, label, pred, what, ms),
    cleanup: async () => {
      await model.close();
      await settleAndCleanup(sb);
    },
  };
  return d;
}

/** Run a `docket spawn …` command line in `cwd`; the label and id it printed. */
export async function spawnLabel(sb: Sandbox, args: string[], cwd: string): Promise<{ label: string; id: string }> {
  const r = await sb.docket(args, { cwd });
  if (r.exitCode !== 0) throw new Error(`spawn failed (${r.exitCode}): ${r.stderr}`);
  const m = /\b(w\d+)\s+(\S+)/.exec(r.stdout);
  if (!m) throw new Error(`spawn printed no label: ${r.stdout}`);
  return { label: m[1]!, id: m[2]! };
}

/** Wait until the record labelled `label` in `home` passes `pred`. */
export function waitLabel(
  home: string,
  label: string,
  pred: (s: WorkerStatus) => boolean,
  what: string,
  ms: number,
): Promise<WorkerStatus> {
  return waitFor(
    () => {
      const w = listWorkers(home).workers.find((x) => x.label === label);
      return w && pred(w) ? w : undefined;
    },
    ms,
    `${label} ${what}`,
  );
}

/** A stand-in for pi that just sleeps: for drills about windows and labels, not about the model. */
export function fakePi(dir: string): string {
  const file = join(dir, "fake-pi");
  writeFileSync(file, "#!/bin/sh\nexec sleep 600\n");
  chmodSync(file, 0o755);
  return file;
}

/** A sandbox whose workers run that stand-in, a repo to spawn in, and the tmux server running. */
export async function makeFakeFleet(): Promise<{ sb: Sandbox; repo: string }> {
  // The stand-in never loads docket's extension: keep the wrapper from failing it for that meanwhile.
  const sb = makeSandbox({ DOCKET_EXTENSION_GRACE_MS: "3600000" });
  sb.env.DOCKET_PI = fakePi(sb.dir);
  const repo = await makeRepo(join(sb.dir, "repo"));
  await sb.startServer();
  return { sb, repo };
}

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** Kill the server, let dying workers' wrappers and hooks finish writing, then remove the tree
 * (removing it at once races with a wrapper writing exit-code: ENOTEMPTY). */
export async function settleAndCleanup(sb: Sandbox): Promise<void> {
  await sb.tmux("kill-server").catch(() => undefined);
  await new Promise((r) => setTimeout(r, 500));
  await sb.cleanup();
}

/**
 * Make a stand-in worker look like one whose extension reported once and then went away (pid gone,
 * heartbeat stale) while its pane lives on: the case docket falls back to keystrokes for.
 */
export function extensionGone(home: string, label: string): void {
  const w = listWorkers(home).workers.find((x) => x.label === label)!;
  const stale = new Date(Date.now() - 120_000).toISOString();
  updateStatusRecord(workerPaths(home, w.id), w.id, (s) => ({
    ...s,
    state: s.state === "starting" ? "active" : s.state,
    heartbeatAt: stale,
    extensionPid: 2 ** 22 + 12345,
  }));
}
