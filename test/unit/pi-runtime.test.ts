// The extension's runtime rules: node built-ins only, artifact ids, change-set numstat, guardrails.
import { afterEach, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { addArtifact, MAX_TEXT, tail } from "../../src/pi/artifacts.js";
import { bashExitCode } from "../../src/pi/evidence.js";
import { parseNumstatZ } from "../../src/git/changeset.js";
import { guardrails, kindRules } from "../../src/pi/guardrails.js";
import { checkStatusText } from "../../src/store/status-record.js";
import { workerFromEnv } from "../../src/pi/worker.js";
import { workerPaths } from "../../src/store/layout.js";
import type { WorkerStatus } from "../../src/core/schema.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
function temp(): string {
  const d = mkdtempSync(join(tmpdir(), "docket-pi-unit-"));
  dirs.push(d);
  return d;
}

describe("extension imports", () => {
  it("reach only node built-ins and docket's own modules at runtime (no zod, no typebox, no pi)", () => {
    const seen = new Set<string>();
    const external = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(file, "utf8");
      // `export … from` loads its module as much as an import does.
      for (const m of src.matchAll(/^\s*(?:import|export)\s+(?!type\b)([^;]*?)\s+from\s+"([^"]+)"/gm)) {
        const spec = m[2]!;
        if (
          /^\{[^}]*\}$/.test(m[1]!.trim()) &&
          m[1]!.split(",").every((p) => /^\s*\{?\s*type\s/.test(p) || /^\s*\}?\s*$/.test(p))
        )
          continue; // all-type named imports
        if (spec.startsWith(".")) walk(resolve(dirname(file), spec.replace(/\.js$/, ".ts").replace(/\.cjs$/, ".cts")));
        else external.add(spec);
      }
      expect(src).not.toMatch(/\bimport\(/); // no lazy imports of anything heavier either
    };
    walk(join(ROOT, "src", "pi", "extension.ts"));
    expect([...external].filter((s) => !s.startsWith("node:"))).toEqual([]);
    expect(seen.size).toBeGreaterThan(5);
  });
});

describe("artifacts", () => {
  it("numbers ids per type prefix and bounds the text", () => {
    const home = temp();
    const w = { id: "w-abcd", home, paths: workerPaths(home, "w-abcd"), root: ROOT };
    mkdirSync(w.paths.dir, { recursive: true });
    expect(addArtifact(w, { type: "note", title: "n", text: "" })).toBeUndefined(); // no record: nothing written
    expect(existsSync(w.paths.artifacts)).toBe(false);
    writeFileSync(w.paths.status, "{}");
    expect(addArtifact(w, { type: "command", title: "ls", text: "a", exitCode: 0 })).toBe("c1");
    expect(addArtifact(w, { type: "error", title: "boom", text: "x".repeat(MAX_TEXT * 2) })).toBe("e1");
    expect(addArtifact(w, { type: "command", title: "pwd", text: "b" })).toBe("c2");
    expect(addArtifact(w, { type: "edit", title: "edit a", text: "", path: "a" })).toBe("f1");
    const file = JSON.parse(readFileSync(w.paths.artifacts, "utf8")) as { items: Array<{ id: string; text: string }> };
    expect(file.items.map((i) => i.id)).toEqual(["c1", "e1", "c2", "f1"]);
    expect(file.items[1]!.text.length).toBeLessThan(MAX_TEXT + 100);
    // A file written by someone else (no counters) never gets an id reused.
    writeFileSync(
      w.paths.artifacts,
      JSON.stringify({ items: [{ id: "c7", type: "command", at: "", title: "", text: "" }] }),
    );
    expect(addArtifact(w, { type: "command", title: "x", text: "" })).toBe("c8");
  });

  it("keeps the end of long output", () => {
    expect(tail("abcdef", 3)).toBe("[… 3 characters cut]\ndef");
    expect(bashExitCode("out\n\nCommand exited with code 2", true)).toBe(2);
    expect(bashExitCode("fine", false)).toBe(0);
    expect(bashExitCode("Command aborted", true)).toBeUndefined();
  });
});

describe("change set numstat", () => {
  it("parses -z records, binary files as 0/0, odd paths intact", () => {
    expect(parseNumstatZ("1\t1\tsrc/app.txt\0-\t-\timg.png\0" + "3\t0\twith\ttab and ü.txt\0")).toEqual([
      { path: "src/app.txt", added: 1, removed: 1 },
      { path: "img.png", added: 0, removed: 0 },
      { path: "with\ttab and ü.txt", added: 3, removed: 0 },
    ]);
  });
});

describe("worker identity and status checks", () => {
  it("is inert without a valid DOCKET_WORKER_ID", () => {
    expect(workerFromEnv({})).toBeUndefined();
    expect(workerFromEnv({ DOCKET_WORKER_ID: "../../etc" })).toBeUndefined();
    expect(workerFromEnv({ DOCKET_WORKER_ID: "fix-a1b2", DOCKET_HOME: "/h" })?.paths.status).toBe(
      "/h/workers/fix-a1b2/status.json",
    );
  });

  it("rejects a status.json it cannot work with, naming the file (the CLI's own checker)", () => {
    expect(() => checkStatusText("f.json", "{oops")).toThrow(/^f\.json: invalid JSON/);
    expect(() => checkStatusText("f.json", "[]")).toThrow(/^f\.json: \(root\): expected an object$/);
    expect(() =>
      checkStatusText(
        "f.json",
        JSON.stringify({ id: "x", state: "dancing", workspace: { type: "parent", path: "/" } }),
      ),
    ).toThrow(/^f\.json: label: required$/);
  });
});

describe("guardrails", () => {
  const base = {
    id: "w-1",
    label: "w3",
    kind: "scout",
    task: "Find the bear",
    state: "active",
    workspace: { type: "parent", path: "/repo", parentDir: "/repo" },
  } as unknown as WorkerStatus;

  it("names the protocol tools, the task file and the read-only default", () => {
    const dir = temp();
    writeFileSync(join(dir, "task.md"), "# Task\nFind the bear\n\n## Brief\nkind scout: quick recon, read-only\n");
    const text = guardrails(base, dir);
    for (const t of ["docket_wait", "docket_done", "docket_fail", "docket_todos"]) expect(text).toContain(t);
    expect(text).toContain(join(dir, "task.md"));
    expect(text).toMatch(/Read-only: do not edit/);
    expect(text).toMatch(/tmux/);
    expect(text).toContain("kind scout: quick recon, read-only");
    expect(kindRules(dir, base)).not.toContain("Find the bear");
  });

  it("allows edits in a writable workspace and prefers kind.md for the kind's rules", () => {
    const dir = temp();
    writeFileSync(join(dir, "kind.md"), "---\nname: patcher\n---\nPlan first, then call docket_wait with the plan.\n");
    const text = guardrails(
      { ...base, kind: "patcher", workspace: { type: "worktree", path: "/ws", parentDir: "/repo" } } as WorkerStatus,
      dir,
    );
    expect(text).not.toMatch(/Read-only: do not edit/);
    expect(text).toContain("isolated copy");
    expect(text).toContain("Plan first, then call docket_wait with the plan.");
    expect(text).not.toContain("name: patcher");
  });
});
