// Shared setup for the extension integration tests: a sandbox, the scripted model, a worker
// record written by hand (no spawn needed), and a real pi in a window of the private tmux server.
import { execaSync } from "execa";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeRepo, makeSandbox, PI_BIN, ROOT, waitFor, type Sandbox } from "../helpers/sandbox.js";
import { startModelServer, type ModelServer, type Script } from "../../src/demo/model-server.js";
import type { WorkerStatus } from "../../src/core/schema.js";
import { workerPaths } from "../../src/store/layout.js";
import { writeNewStatus } from "../../src/store/workers.js";

export const EXTENSION = join(ROOT, "dist", "extension.js");

export interface World {
  sb: Sandbox;
  server: ModelServer;
  id: string;
  paths: ReturnType<typeof workerPaths>;
  workspace: string;
  status(): WorkerStatus;
  /** Start pi for the worker in window w1. */
  launch(opts?: {
    prompt?: string;
    extensions?: string[];
    env?: Record<string, string>;
    noWorkerId?: boolean;
  }): Promise<void>;
  paneDead(): Promise<boolean>;
  close(): Promise<void>;
}

export async function makeWorld(
  scripts: Script[],
  opts: { writable?: boolean; id?: string; task?: string } = {},
): Promise<World> {
  const sb = makeSandbox();
  const server = await startModelServer(scripts);
  server.writeModelsJson(sb.agentDir);
  // No retries against the scripted model: a scripted 500 must fail the worker at once.
  writeFileSync(
    join(sb.agentDir, "settings.json"),
    JSON.stringify({ retry: { enabled: false, provider: { maxRetries: 0 } } }),
  );
  const id = opts.id ?? "fix-thing-a1b2";
  const paths = workerPaths(sb.home, id);
  const parent = join(sb.dir, "project");
  await makeRepo(parent, { "README.md": "# demo\n", "src/app.txt": "hello\n" });
  let workspace = parent;
  let baseline: string | undefined;
  if (opts.writable) {
    workspace = paths.workspace;
    execaSync("git", ["-C", parent, "worktree", "add", "-q", "--detach", workspace]);
    baseline = execaSync("git", ["-C", workspace, "rev-parse", "HEAD"]).stdout.trim();
  }
  const now = new Date().toISOString();
  const task = opts.task ?? "Fix the thing";
  writeNewStatus(sb.home, {
    version: 1,
    id,
    label: "w1",
    index: 1,
    kind: opts.writable ? "patcher" : "default",
    task,
    state: "starting",
    runToken: "run-1",
    project: parent,
    createdAt: now,
    updatedAt: now,
    depth: 0,
    todos: [],
    questions: [],
    workspace: {
      type: opts.writable ? "worktree" : "parent",
      path: workspace,
      parentDir: parent,
      ...(baseline ? { baseline } : {}),
    },
    tmux: { session: "docket-workers", windowName: "w1" },
  } as WorkerStatus);
  mkdirSync(paths.inbox, { recursive: true });
  writeFileSync(paths.task, `# Task\n${task}\n\n## Brief\nkind rules: be careful\n`);
  await sb.tmux("-f", "/dev/null", "new-session", "-d", "-s", "docket-workers", "-n", "main", "-x", "160", "-y", "40");

  const world: World = {
    sb,
    server,
    id,
    paths,
    workspace,
    status: () => JSON.parse(readFileSync(paths.status, "utf8")) as WorkerStatus,
    async launch(o = {}) {
      const exts = o.extensions ?? [EXTENSION];
      const envArgs = Object.entries({
        ...(o.noWorkerId ? {} : { DOCKET_WORKER_ID: id }),
        DOCKET_HOME: sb.home,
        ...o.env,
      }).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
      const argv = [
        PI_BIN,
        "--no-extensions",
        ...exts.flatMap((e) => ["-e", e]),
        "--provider",
        "fake",
        "--model",
        "fake-model",
        "--session-dir",
        paths.session,
        o.prompt ?? `${task}\n\nTask file: ${paths.task}`,
      ];
      // One command list, so a pi that dies at once still leaves its pane to inspect.
      await sb.tmux(
        "new-window",
        "-d",
        "-t",
        "docket-workers",
        "-n",
        "w1",
        ...envArgs,
        "-c",
        workspace,
        ...argv,
        ";",
        "set-option",
        "-w",
        "-t",
        "docket-workers:w1",
        "remain-on-exit",
        "on",
      );
    },
    async paneDead() {
      const out = await sb.tmux("list-panes", "-t", "docket-workers:w1", "-F", "#{pane_dead}").catch(() => "");
      return out.trim() === "1";
    },
    async close() {
      // Stop pi first and wait for it to exit, so it writes nothing into a directory being removed.
      let pid: number | undefined;
      try {
        pid = world.status().extensionPid;
      } catch {
        /* no record */
      }
      await sb.tmux("kill-server").catch(() => "");
      if (pid) await waitFor(() => !alive(pid!), 10_000, "pi to exit").catch(() => undefined);
      await server.close();
      await sb.cleanup();
    },
  };
  return world;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function readJson<T = unknown>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

export { waitFor };
