// Failure drill: hostile input everywhere a person or a worker can type. Refs that try to escape the
// store, task and reply text full of shell and tmux format characters, hostile kind names, and a
// worker question that would run a command if any tmux format expanded it.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workerPaths } from "../../src/store/layout.js";
import { listWorkers } from "../../src/store/workers.js";
import { waitFor, type Sandbox } from "../helpers/sandbox.js";
import { extensionGone, makeDrill, makeFakeFleet, settleAndCleanup, type Drill } from "../helpers/drill.js";
import type { Script } from "../../src/demo/model-server.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Text that runs `touch <dir>/<tag>-*` if anything passes it to a shell or expands tmux formats. */
function hostile(dir: string, tag: string): string {
  const p = (n: string) => join(dir, `${tag}-${n}`);
  return [
    `fix "quotes" and 'single' ; rm -rf nothing && true || false`,
    `$(touch ${p("dollar")}) \`touch ${p("tick")}\``,
    `#(touch ${p("tmux")}) #{pane_id} #[fg=red] ##{session_name}`,
    `tab\there, unicode ✓ ünïcødé 日本語, trailing backslash \\`,
  ].join("\n");
}

const pwned = (dir: string, tag: string) =>
  ["dollar", "tick", "tmux"].filter((n) => existsSync(join(dir, `${tag}-${n}`)));

const BAD_REFS = ["../../etc/passwd", "w-1", "w99999", "w0", "$(id)", "#{pane_id}", "a/b", ".."];

describe("hostile input (CLI, no model)", () => {
  let sb: Sandbox;
  let repo: string;
  let label = "";

  beforeAll(async () => {
    ({ sb, repo } = await makeFakeFleet());
  });
  afterAll(async () => sb && settleAndCleanup(sb));

  it("a hostile task is stored byte-exact and runs nothing", async () => {
    const task = hostile(sb.dir, "task");
    const r = await sb.docket(["spawn", "--", task], { cwd: repo });
    expect(r.exitCode, r.stderr).toBe(0);
    label = /\b(w\d+)\b/.exec(r.stdout)![1]!;
    const w = listWorkers(sb.home).workers.find((x) => x.label === label)!;
    expect(w.task).toBe(task);
    expect(readFileSync(workerPaths(sb.home, w.id).task, "utf8")).toContain(task);
    // Expand the status option the way a status line would, then give #() time to run.
    await sb.tmux("display-message", "-p", "#{E:@docket_status}");
    const names = await sb.tmux("list-windows", "-a", "-F", "#{window_name}");
    expect(names).not.toContain("touch");
    await sleep(1000);
    expect(pwned(sb.dir, "task")).toEqual([]);
  });

  it("a hostile reply by keystroke fallback arrives literally and runs nothing", async () => {
    const text = hostile(sb.dir, "reply");
    extensionGone(sb.home, label);
    const r = await sb.docket(["tell", label, "-"], { cwd: repo, input: text });
    expect(r.exitCode, r.stderr).toBe(0);
    await sleep(1000);
    expect(pwned(sb.dir, "reply")).toEqual([]);
    // The terminal echoed the keystrokes: the format characters arrived as text, not expanded.
    const pane = await sb.tmux("capture-pane", "-p", "-J", "-t", `=docket-workers:${label}`);
    expect(pane).toContain('[docket] fix "quotes"');
    expect(pane).toContain("#(touch ");
    expect(pane).toContain("#{pane_id}");
  });

  it.each(BAD_REFS)("ref %s: one clear line, non-zero exit, for every verb that takes a ref", async (ref) => {
    for (const verb of [
      ["show", ref],
      ["tell", ref, "hi"],
      ["stop", ref],
      ["respawn", ref],
    ]) {
      const r = await sb.docket(verb, { cwd: repo });
      expect(r.exitCode, `${verb.join(" ")}`).not.toBe(0);
      const lines = r.stderr.trim().split("\n");
      expect(lines, `${verb.join(" ")}: ${r.stderr}`).toHaveLength(1);
      expect(lines[0]).toMatch(/^docket: /);
      expect(r.stderr).not.toContain("root:");
    }
  });

  it.each(["../../etc/passwd", "#(touch KIND)", "$(touch KIND)", "a b"])(
    "kind %s never escapes the kinds dirs",
    async (kind) => {
      const r = await sb.docket(["spawn", "--as", kind, "--", "kind probe"], { cwd: repo });
      expect(r.stderr).not.toMatch(/\n\s+at /);
      if (r.exitCode === 0) {
        const id = /\bw\d+\s+(\S+)/.exec(r.stdout)![1]!;
        const w = listWorkers(sb.home).workers.find((x) => x.id === id)!;
        expect(w.kind).toBe("default");
        expect(r.stderr).toMatch(/kind/i);
        await sb.docket(["delete", w.label], { cwd: repo });
      } else {
        expect(r.stderr.trim().split("\n")).toHaveLength(1);
      }
      expect(existsSync(join(repo, "KIND"))).toBe(false);
    },
  );
});

describe("hostile input from a worker and back (real pi)", () => {
  let d: Drill;
  const TASK = "hostile question drill";
  const script: Script = { match: TASK, steps: [] };

  beforeAll(async () => {
    d = await makeDrill([script]);
  });
  afterAll(async () => d?.cleanup());

  it("a question full of format characters is shown and stored literally and runs nothing; a hostile reply arrives exactly", async () => {
    const question = hostile(d.sb.dir, "question");
    const reply = hostile(d.sb.dir, "answer");
    // The server reads a script's steps at request time, so they can name paths in the sandbox.
    script.steps.push(
      {
        tools: [
          {
            name: "docket_wait",
            args: {
              question,
              options: ["#(touch " + join(d.sb.dir, "question-opt") + ")", "$(id)"],
              risk: "#{pane_id} #(id)",
            },
          },
        ],
      },
      {
        tools: [
          {
            name: "docket_done",
            args: { outcome: "findings", summary: "got it", evidence: ["reply received"], recommended: [] },
          },
        ],
      },
    );
    const { label } = await d.spawn(TASK);
    const s = await d.waitState(label, (x) => x.state === "needs_input", "needs_input");
    expect(s.question?.text).toBe(question);
    await d.sb.tmux("display-message", "-p", "#{E:@docket_status}");
    await sleep(1000);
    expect(pwned(d.sb.dir, "question")).toEqual([]);
    expect(existsSync(join(d.sb.dir, "question-opt"))).toBe(false);

    const r = await d.sb.docket(["tell", label, "-"], { cwd: d.repo, input: reply });
    expect(r.exitCode, r.stderr).toBe(0);
    await d.waitState(label, (x) => x.state === "ready", "ready after the reply");
    const got = await waitFor(
      () => d.model.requests.find((q) => q.lastUser.includes("trailing backslash")),
      10_000,
      "reply at the model",
    );
    expect(got.lastUser).toContain(reply);
    expect(pwned(d.sb.dir, "answer")).toEqual([]);
  });
});
