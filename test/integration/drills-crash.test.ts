// Failure drills: kill -9 a worker's pi, kill its window, kill the whole tmux server. Nothing in
// the store is lost, states end up correct, and `docket respawn` brings workers back with their
// sessions (the model sees the earlier conversation in its request messages).
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RUNNING_STATES, TERMINAL_STATES } from "../../src/core/schema.js";
import { workerPaths } from "../../src/store/layout.js";
import { waitFor } from "../helpers/sandbox.js";
import { makeDrill, type Drill } from "../helpers/drill.js";

// Each worker: a todo board, then a request that hangs (busy); after a respawn, it reports done.
const busyThenDone = (match: string) => ({
  match,
  steps: [
    { tools: [{ name: "docket_todos", args: { items: [{ text: `step one of ${match}`, state: "in_progress" }] } }] },
    { hang: true as const },
    {
      tools: [
        {
          name: "docket_done",
          args: {
            outcome: "findings",
            summary: `${match} resumed and finished`,
            evidence: ["resumed after a crash"],
            recommended: [],
          },
        },
      ],
    },
  ],
});

const TASKS = ["drill alpha: kill its pi", "drill bravo: kill its window", "drill charlie: kill the server"];

/** pi's pid as the extension recorded it (status.extensionPid), checked to be alive. */
function piPidOf(d: Drill, label: string): number {
  const pid = d.worker(label)?.extensionPid;
  if (!pid) throw new Error(`no extensionPid for ${label}`);
  process.kill(pid, 0);
  return pid;
}

function snapshot(d: Drill, id: string) {
  const p = workerPaths(d.sb.home, id);
  return {
    task: readFileSync(p.task, "utf8"),
    events: readFileSync(p.events, "utf8").split("\n").filter(Boolean).length,
  };
}

describe("crash drills", () => {
  let d: Drill;
  const w: Array<{ label: string; id: string }> = [];

  beforeAll(async () => {
    d = await makeDrill(TASKS.map(busyThenDone));
    for (const t of TASKS) w.push(await d.spawn(t));
    for (const x of w)
      await d.waitState(x.label, (s) => s.todos.length > 0 && RUNNING_STATES.includes(s.state), "busy with todos");
  }, 90_000);
  afterAll(async () => d?.cleanup());

  it("kill -9 of pi: failed, exit code and pane tail recorded, record intact", async () => {
    const [a] = w;
    const before = snapshot(d, a!.id);
    process.kill(piPidOf(d, a!.label), "SIGKILL");
    const s = await d.waitState(a!.label, (x) => x.state === "failed", "failed after kill -9");
    expect(s.exitCode).not.toBe(0);
    expect(s.todos.map((t) => t.text)).toEqual(["step one of drill alpha: kill its pi"]);
    expect(s.task).toBe(TASKS[0]);
    const after = snapshot(d, a!.id);
    expect(after.task).toBe(before.task);
    expect(after.events).toBeGreaterThanOrEqual(before.events);
    const tail = await waitFor(
      () => {
        try {
          return readFileSync(workerPaths(d.sb.home, a!.id).paneTail, "utf8");
        } catch {
          return undefined;
        }
      },
      10_000,
      "pane-tail.txt",
    );
    expect(typeof tail).toBe("string");
  });

  it("killing the worker's window: not left running, record intact", async () => {
    const b = w[1]!;
    const s0 = d.worker(b.label)!;
    await d.sb.tmux("kill-window", "-t", s0.tmux.windowId ?? `docket-workers:${s0.tmux.windowName}`);
    // Any ordinary command reconciles the fleet with tmux (no daemon).
    const s = await waitFor(
      async () => {
        await d.sb.docket(["workers"], { cwd: d.repo });
        const x = d.worker(b.label);
        return x && TERMINAL_STATES.includes(x.state) ? x : undefined;
      },
      20_000,
      "bravo terminal after kill-window",
    );
    expect(["ended", "failed", "error"]).toContain(s.state);
    expect(s.todos.length).toBe(1);
    expect(s.task).toBe(TASKS[1]);
  });

  it("killing the tmux server: running workers become error, nothing lost", async () => {
    const c = w[2]!;
    await d.sb.tmux("kill-server").catch(() => undefined);
    const r = await d.sb.docket(["workers", "--json"], { cwd: d.repo });
    expect(r.exitCode).toBe(0);
    const s = await d.waitState(c.label, (x) => x.state === "error", "error after kill-server", 20_000);
    expect(s.todos.length).toBe(1);
    // The earlier casualties keep their states.
    expect(d.worker(w[0]!.label)!.state).toBe("failed");
  });

  it("respawn all brings every worker back with its session", async () => {
    await d.sb.startServer();
    const before = d.model.requests.length;
    const r = await d.sb.docket(["respawn", "all"], { cwd: d.repo });
    expect(r.exitCode, r.stderr).toBe(0);
    for (const x of w) {
      const s = await d.waitState(x.label, (y) => y.state === "ready", "ready after respawn", 45_000);
      expect(s.result?.summary).toContain("resumed and finished");
    }
    // Each resumed conversation reached the model with its history: the original task as first
    // user message and the earlier todo call, not a fresh start.
    const resumed = d.model.requests.slice(before);
    for (const t of TASKS) {
      const req = resumed.find((q) => JSON.stringify(q.messages).includes(t));
      expect(req, t).toBeDefined();
      const firstUser = req!.messages.find((m) => m.role === "user");
      expect(JSON.stringify(firstUser?.content)).toContain(t);
      expect(JSON.stringify(req!.messages)).toContain("docket_todos");
      expect(req!.lastUser).not.toContain(t);
    }
  });
});
