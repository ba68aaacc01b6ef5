// Stop, respawn (session resumed), child spawning (allowed kind, refused kind, depth limit), delete with
// cascade, and a vanished worker session turning running workers into `error`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa, execaSync } from "execa";
import { makeDrill, type Drill } from "../helpers/drill.js";
import { PI_BIN, waitFor } from "../helpers/sandbox.js";
import { listWorkers } from "../../src/store/workers.js";

describe("worker lifecycle", () => {
  let d: Drill;
  beforeAll(async () => {
    d = await makeDrill([
      {
        match: "LIFE-STOP",
        steps: [
          { tools: [{ name: "docket_wait", args: { question: "stop me?" } }] },
          { tools: [{ name: "docket_wait", args: { question: "back again" } }] },
        ],
      },
      {
        match: "LIFE-PARENT",
        steps: [
          { tools: [{ name: "docket_spawn_child", args: { kind: "scout", task: "LIFE-CHILD map the repo" } }] },
          { tools: [{ name: "docket_spawn_child", args: { kind: "patcher", task: "LIFE-NOPE patch it" } }] },
          { tools: [{ name: "docket_wait", args: { question: "children started" } }] },
        ],
      },
      { match: "LIFE-CHILD", steps: [{ tools: [{ name: "docket_wait", args: { question: "child here" } }] }] },
      {
        match: "SEED-ORIGIN",
        steps: [{ text: "PELICAN noted" }, { tools: [{ name: "docket_wait", args: { question: "seeded?" } }] }],
      },
    ]);
  });
  afterAll(async () => d?.cleanup());

  const windows = async () =>
    (await d.sb.tmux("list-windows", "-t", "=docket-workers:", "-F", "#{window_name}")).split("\n");

  it("stop keeps the record (stopped, not a failure); respawn resumes the session in the same window name", async () => {
    const { label } = await d.spawn("LIFE-STOP wait for me");
    await d.waitState(label, (s) => s.state === "needs_input", "needs_input");
    const stop = await d.sb.docket(["stop", label]);
    expect(stop.exitCode, stop.stderr).toBe(0);
    const ended = d.worker(label)!;
    expect(ended.state).toBe("stopped");
    expect(ended.stoppedAt).toBeTruthy();
    await waitFor(async () => !(await windows()).includes(label), 5000, "window removed");
    // Not counted as a failure anywhere: status line, `docket status`, the inbox group.
    expect((await d.sb.tmux("show-options", "-gv", "@docket_status")).trim()).not.toContain("✗");
    const inbox = JSON.parse((await d.sb.docket(["inbox", "--json"], { cwd: d.repo })).stdout) as {
      items: Array<{ key: string; group: string; dim: boolean }>;
    };
    expect(inbox.items.find((i) => i.key === label)).toMatchObject({ group: "stopped", dim: true });
    // A reply to it is refused in one line, and leaves no ledger row.
    const told = await d.sb.docket(["tell", label, "are you there?"], { cwd: d.repo });
    expect(told.exitCode).toBe(1);
    expect(told.stderr.trim().split("\n")).toHaveLength(1);
    expect(told.stderr).toContain(
      `${label} is stopped: nothing sent. \`docket respawn ${label}\` first, or \`docket tell --queue ${label} …\``,
    );
    // --queue keeps it for the next run, which delivers it.
    const queued = await d.sb.docket(["tell", "--queue", label, "QUEUED-FOR-RESPAWN"], { cwd: d.repo });
    expect(queued.exitCode, queued.stderr).toBe(0);
    expect(queued.stdout).toContain(`for ${label}'s next run`);

    const re = await d.sb.docket(["respawn", label]);
    expect(re.exitCode, re.stderr).toBe(0);
    expect(await windows()).toContain(label);
    // The respawn prompt runs first; the queued message follows once that run is over. It answers the
    // oldest open question ("stop me?", still open when the person stopped it); "back again" stays open.
    await waitFor(
      () => d.model.requests.some((r) => r.lastUser === "QUEUED-FOR-RESPAWN"),
      30_000,
      "the queued message to reach the model",
    );
    const back = await d.waitState(
      label,
      (s) =>
        s.questions.some((q) => q.text === "stop me?" && q.answer === "QUEUED-FOR-RESPAWN") &&
        s.state === "needs_input" &&
        s.question?.text === "back again" &&
        !s.question.answeredAt,
      "the oldest question answered, the newer one still open",
    );
    expect(back.runToken).not.toBe(ended.runToken);
    const resumed = d.model.requests.find((r) => r.lastUser.startsWith("[docket] You were restarted"));
    expect(resumed, "respawn prompt reached the model").toBeDefined();
    // The resumed conversation still carries the original task and the first question.
    expect(JSON.stringify(resumed!.messages)).toContain("LIFE-STOP wait for me");
    expect(JSON.stringify(resumed!.messages)).toContain("stop me?");

    expect(
      existsSync(join(d.sb.home, "decisions.ndjson")) &&
        readFileSync(join(d.sb.home, "decisions.ndjson"), "utf8").includes(label),
    ).toBe(false);
    // `docket log` gives the reason of every move, whichever side made it (extension and CLI alike).
    const log = (await d.sb.docket(["log"], { cwd: d.repo })).stdout;
    for (const line of [
      "→ starting (spawned as default)",
      "→ active (heartbeat)",
      "→ needs_input (docket_wait)",
      "→ stopped (stopped by the person)",
      "→ starting (respawned)",
    ]) {
      expect(log, log).toContain(line);
    }
    expect(log).toMatch(/message \S+ read by the worker/);
    const again = await d.sb.docket(["respawn", label]);
    expect(again.exitCode).not.toBe(0);
    expect(again.stderr.trim()).toMatch(
      new RegExp(`^docket: ${label} is needs_input; respawn relaunches only ended, failed, error, stopped workers$`),
    );
  });

  it("a worker spawns an allowed child, is refused another kind, and delete cascades", async () => {
    const { label, id } = await d.spawn("LIFE-PARENT start a scout");
    await d.waitState(
      label,
      (s) => s.state === "needs_input" && s.question?.text === "children started",
      "parent waiting",
    );
    const child = listWorkers(d.sb.home).workers.find((w) => w.parentId === id);
    expect(child).toMatchObject({ kind: "scout", depth: 1 });
    const refusal = d.model.requests
      .flatMap((r) => r.messages)
      .find((m) => m.role === "tool" && JSON.stringify(m.content).includes("not allowed"));
    expect(JSON.stringify(refusal?.content)).toContain(`kind \\"patcher\\" is not allowed for children of ${label}`);

    // Depth and kind rules are enforced by the CLI itself (the extension execs it).
    const grand = await d.sb.docket(["spawn", "--parent", child!.id, "--as", "scout", "--json", "--", "grandchild"]);
    expect(grand.exitCode).not.toBe(0);
    expect(grand.stderr.trim()).toBe(
      `docket: kind "scout" is not allowed for children of ${child!.label} (kind scout may spawn: none)`,
    );

    const parentWs = d.worker(label)!.workspace.path;
    const del = await d.sb.docket(["delete", label]);
    expect(del.exitCode, del.stderr).toBe(0);
    expect(del.stdout.trim()).toBe(`deleted ${child!.label}, ${label}`);
    expect(listWorkers(d.sb.home).workers.map((w) => w.id)).not.toContain(child!.id);
    expect(
      existsSync(join(d.sb.home, "workers", id)),
      String(existsSync(join(d.sb.home, "workers", id)) && execaSync("find", [join(d.sb.home, "workers", id)]).stdout),
    ).toBe(false);
    expect(existsSync(parentWs)).toBe(false);
    const trees = (await execa("git", ["worktree", "list", "--porcelain"], { cwd: d.repo })).stdout;
    expect(trees).not.toContain(parentWs);
    const w = await windows();
    expect(w).not.toContain(label);
    expect(w).not.toContain(child!.label);
  });

  it("the depth limit is enforced with a clear message", async () => {
    const kinds = join(d.sb.home, "worker-kinds");
    mkdirSync(kinds, { recursive: true });
    writeFileSync(join(kinds, "nest.md"), "---\nname: nest\ndescription: nests\nchildKinds: [nest]\n---\n");
    writeFileSync(join(d.repo, ".pi-docket-depth"), "");
    mkdirSync(join(d.repo, ".pi"), { recursive: true });
    writeFileSync(join(d.repo, ".pi", "docket.json"), JSON.stringify({ worker: { maxSpawnDepth: 1 } }));
    const top = JSON.parse(
      (await d.sb.docket(["spawn", "--as", "nest", "--json", "--", "LIFE-DEPTH top"], { cwd: d.repo })).stdout,
    ) as { id: string; label: string };
    const mid = await d.sb.docket(["spawn", "--parent", top.id, "--as", "nest", "--json", "--", "LIFE-DEPTH mid"]);
    expect(mid.exitCode, mid.stderr).toBe(0);
    const midS = JSON.parse(mid.stdout) as { id: string; label: string; depth: number };
    expect(midS.depth).toBe(1);
    const deep = await d.sb.docket(["spawn", "--parent", midS.id, "--as", "nest", "--json", "--", "LIFE-DEPTH deep"]);
    expect(deep.exitCode).not.toBe(0);
    expect(deep.stderr.trim()).toBe(
      `docket: spawn depth limit: ${midS.label} is at depth 1; worker.maxSpawnDepth is 1`,
    );
  });

  it("--seed forks the latest pi session of the cwd; --fresh does not", async () => {
    // A parent pi session in the repo, made by a real pi run.
    await execa(PI_BIN, ["--provider", "fake", "--model", "fake-model", "-p", "SEED-ORIGIN remember this"], {
      cwd: d.repo,
      env: d.sb.env,
      extendEnv: false,
      stdin: "ignore",
    });
    const r = await d.sb.docket(["spawn", "--seed", "--json", "--", "SEED-CHILD what was noted?"], { cwd: d.repo });
    expect(r.exitCode, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { label: string; seedSession?: string };
    expect(s.seedSession).toMatch(/\.jsonl$/);
    await d.waitState(
      s.label,
      (w) => w.state === "needs_input" && w.question?.text === "seeded?",
      "seeded worker waiting",
    );
    const req = d.model.requests.find((q) => q.lastUser.includes("SEED-CHILD"));
    expect(JSON.stringify(req?.messages)).toContain("PELICAN noted");

    const f = await d.sb.docket(["spawn", "--fresh", "--json", "--", "LIFE-CHILD fresh one"], { cwd: d.repo });
    expect(f.exitCode, f.stderr).toBe(0);
    expect((JSON.parse(f.stdout) as { seedSession?: string }).seedSession).toBeUndefined();
    await d.sb.docket(["delete", s.label]);
    await d.sb.docket(["delete", (JSON.parse(f.stdout) as { label: string }).label]);
  });

  it("a vanished worker session turns running workers into error", async () => {
    const running = listWorkers(d.sb.home).workers.filter((w) =>
      ["starting", "active", "idle", "needs_input"].includes(w.state),
    );
    expect(running.length).toBeGreaterThan(0);
    await d.sb.tmux("kill-session", "-t", "=docket-workers");
    const r = await d.sb.docket(["workers", "--all", "--json"]);
    expect(r.exitCode, r.stderr).toBe(0);
    const after = JSON.parse(r.stdout) as Array<{ id: string; state: string; failure?: { reason: string } }>;
    for (const w of running) {
      const now = after.find((x) => x.id === w.id);
      expect(now?.state, w.label).toBe("error");
      expect(now?.failure?.reason).toBe("tmux session docket-workers vanished");
    }
  });
});
