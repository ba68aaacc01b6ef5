// The decision record on real files through the CLI: every verdict verb is counted by
// `docket log decisions`, and ordinary commands prune aged workers (debt only when no verdict exists).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { execaSync } from "execa";
import { makeRepo, makeSandbox, type Sandbox } from "../helpers/sandbox.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";
import { appendDecision, readDecisions } from "../../src/store/ledger.js";
import { writeNewStatus, listWorkers } from "../../src/store/workers.js";
import { DECISION_VERBS, type Decision } from "../../src/core/schema.js";

let sb: Sandbox;
beforeAll(() => {
  sb = makeSandbox();
});
afterAll(async () => {
  await sb?.cleanup();
});

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

describe("docket log decisions", () => {
  it("counts every verb of the ledger, with debt and recent rows", async () => {
    const per: Record<string, number> = {
      accept: 3,
      reject: 2,
      reject_stop: 1,
      chat: 2,
      option: 1,
      steer: 1,
      retry: 1,
      dismiss: 1,
      worker_evicted_unreviewed: 2,
      combine: 1,
      send_review: 1,
      broadcast: 1,
      implement: 1,
    };
    expect(Object.keys(per).sort()).toEqual([...DECISION_VERBS].sort());
    let n = 0;
    for (const [verb, count] of Object.entries(per)) {
      for (let i = 0; i < count; i++) {
        n++;
        const d: Decision = {
          ts: hoursAgo(n),
          verb: verb as Decision["verb"],
          worker: `worker-${n}-abcd`,
          label: `w${n}`,
          task: `task ${n}`,
          state: verb === "option" ? "needs_input" : "ready",
          evidence: verb === "accept" ? [`w${n}.s1`] : [],
        };
        if (verb === "option")
          Object.assign(d, { option: "Use the migration-safe path", risk: "irreversible: drops the sessions table" });
        if (verb === "chat") d.text = "please add a test";
        if (verb === "combine") Object.assign(d, { with: "w77", withWorker: "worker-77-abcd" });
        if (verb === "broadcast") Object.assign(d, { worker: "broadcast", text: "rebase on main", recipients: [] });
        appendDecision(sb.home, d);
      }
    }
    // One row older than the default 7-day window.
    appendDecision(sb.home, {
      ts: hoursAgo(24 * 9),
      verb: "accept",
      worker: "old-1-abcd",
      label: "w99",
      task: "old",
      state: "ready",
      evidence: [],
    });

    const json = await sb.docket(["log", "decisions", "--json"]);
    expect(json.exitCode).toBe(0);
    const r = JSON.parse(json.stdout);
    expect(r.perVerb).toEqual({
      accept: 3,
      reject: 2,
      reject_stop: 1,
      chat: 2,
      option: 1,
      steer: 1,
      retry: 1,
      dismiss: 1,
      combine: 1,
      send_review: 1,
      broadcast: 1,
      implement: 1,
    });
    expect([r.resolved, r.evicted, r.debt, r.total]).toEqual([15, 2, 2, 18]);

    const text = (await sb.docket(["decisions"])).stdout;
    expect(text).toContain("Decisions · last 7 days");
    expect(text).toContain("15 resolved · 2 evicted unreviewed");
    expect(text).toContain(
      "accept 3 · reject 2 · reject & stop 1 · chat 2 · option 1 · steer 1 · retry 1 · dismiss 1 · combine 1 · send review 1",
    );
    expect(text).toMatch(/w\d+ +combine with w77 {2}\(ready\)/);
    expect(text).toContain("decision debt: 2 workers evicted unreviewed");
    expect(text).toMatch(
      /w9 +option "Use the migration-safe path" {2}\(needs_input\) {2}⚠ irreversible: drops the sessions table/,
    );
    expect(text).not.toContain("w99");

    const wide = JSON.parse((await sb.docket(["log", "decisions", "--since", "30d", "--json"])).stdout);
    expect(wide.perVerb.accept).toBe(4);
    const bad = await sb.docket(["log", "decisions", "--since", "someday"]);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toMatch(/^docket: invalid --since/);
  });
});

describe("pruning during ordinary commands", () => {
  it("prunes an aged unreviewed worker as debt, an aged judged one without debt, and keeps a failed unreviewed one", async () => {
    const repo = await makeRepo(join(sb.dir, "repo"));
    const wsPath = join(sb.dir, "worktrees", "aged");
    execaSync("git", ["-C", repo, "worktree", "add", "-q", "--detach", wsPath]);
    const base = { project: repo, createdAt: hoursAgo(40), updatedAt: hoursAgo(30) };
    const ws = (path: string) => ({ type: "worktree" as const, path, parentDir: repo, repoRoot: repo });
    const debt = fixtureStatus(11, {
      ...base,
      id: "aged-nobody-looked-1111",
      state: "ended",
      endedAt: hoursAgo(30),
      workspace: ws(wsPath),
    });
    const judged = fixtureStatus(12, {
      ...base,
      id: "aged-judged-2222",
      state: "ready",
      result: { outcome: "completed", summary: "ok", evidence: [], recommended: [], at: hoursAgo(30) },
      workspace: ws(join(sb.dir, "worktrees", "none-2")),
    });
    const failed = fixtureStatus(13, {
      ...base,
      id: "aged-failed-3333",
      state: "failed",
      failure: { reason: "boom", at: hoursAgo(30) },
      workspace: ws(join(sb.dir, "worktrees", "none-3")),
    });
    const young = fixtureStatus(14, {
      ...base,
      id: "young-ended-4444",
      state: "ended",
      endedAt: hoursAgo(1),
      workspace: ws(join(sb.dir, "worktrees", "none-4")),
    });
    for (const w of [debt, judged, failed, young]) writeNewStatus(sb.home, w);
    appendDecision(sb.home, {
      ts: hoursAgo(29),
      verb: "accept",
      worker: judged.id,
      label: judged.label,
      task: judged.task,
      state: "ready",
      evidence: [],
    });
    const before = {
      evicted: readDecisions(sb.home).decisions.filter((d) => d.verb === "worker_evicted_unreviewed").length,
    };
    // Scans run at most once a minute (a stamp file); the commands above just ran one.
    rmSync(join(sb.home, "prune-stamp"), { force: true });

    // A plain `docket list` is an ordinary command: it prunes on the way.
    const list = await sb.docket(["list", "--workers", "--json"]);
    expect(list.exitCode).toBe(0);
    expect(JSON.parse(list.stdout).workers.map((w: { label: string }) => w.label)).toEqual(["w13", "w14"]);
    expect(listWorkers(sb.home).workers.map((w) => w.id)).toEqual([failed.id, young.id]);
    expect(existsSync(wsPath)).toBe(false);
    expect(execaSync("git", ["-C", repo, "worktree", "list"]).stdout).not.toContain("aged");

    const after = JSON.parse((await sb.docket(["log", "decisions", "--json"])).stdout);
    expect(after.evicted - before.evicted).toBe(1);
    const evictedRows = after.recent.filter(
      (d: Decision) => d.verb === "worker_evicted_unreviewed" && d.worker.startsWith("aged-"),
    );
    expect(evictedRows.map((d: Decision) => [d.worker, d.label, d.state])).toEqual([[debt.id, "w11", "ended"]]);
    expect((await sb.docket(["decisions"])).stdout).toMatch(/w11 +evicted unreviewed {2}\(ended\) · task number 11/);
    // The pruned worker's episode survives in the audit timeline through the ledger.
    expect((await sb.docket(["log"])).stdout).toContain("w11 · task number 11 · pruned");
  });
});
