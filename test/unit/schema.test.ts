// The one schema (core/check.ts + core/schema.ts) and the readers built on it: every on-disk record is
// parsed by the same definition for the CLI, the popups and the extension, and a bad file is named
// with its path and field in one line.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  arr,
  def,
  FAIL,
  int,
  lastIssue,
  number,
  obj,
  ok,
  oneOf,
  opt,
  parse,
  record,
  req,
  str,
  text,
} from "../../src/core/check.js";
import { ConfigFile, loadConfig } from "../../src/core/config.js";
import { parseJson } from "../../src/core/parse.js";
import { Artifacts, Decision, InboxMessage, WorkerStatus } from "../../src/core/schema.js";
import { readArtifactsOf } from "../../src/store/artifacts.js";
import { Bundle } from "../../src/store/bundles.js";
import { parseMessage } from "../../src/store/inbox.js";
import { workerPaths } from "../../src/store/layout.js";
import { listWorkers } from "../../src/store/status-files.js";
import { writeNewStatus } from "../../src/store/workers.js";
import { fixtureStatus } from "../helpers/worker-fixture.js";

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "docket-schema-"));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function put(file: string, text: string): void {
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, text);
}

/** `path: why` of a value the schema rejects (fails the test if it accepts). */
function issue(schema: (v: unknown) => unknown, v: unknown, root?: string): string {
  expect(schema(v)).toBe(FAIL);
  return lastIssue(root);
}

describe("combinators", () => {
  it("say where and why a value fails", () => {
    const S = obj({ a: req(obj({ b: req(arr(int(1))) })), c: opt(oneOf(["x", "y"])) });
    expect(issue(S, { a: { b: [1, 2, 0] } })).toBe("a.b.2: expected an integer ≥ 1");
    expect(issue(S, { a: { b: [] }, c: "z" })).toBe("c: expected one of x|y");
    expect(issue(S, { c: "x" })).toBe("a: required");
    expect(issue(S, [])).toBe("(root): expected an object");
    expect(issue(S, "x", "(frontmatter)")).toBe("(frontmatter): expected an object");
    expect(issue(int(1, 64), 65)).toBe("(root): expected an integer from 1 to 64");
    expect(issue(int(), 1.5)).toBe("(root): expected an integer");
    expect(issue(number(0), -1)).toBe("(root): expected a number ≥ 0");
    expect(issue(text({ re: /^a/, reason: "must start with a" }), "b")).toBe("(root): must start with a");
    expect(issue(text({ min: 1 }), "")).toBe("(root): expected a string of at least 1 character");
    expect(issue(record(str), { k: 1 })).toBe("k: expected a string");
  });

  it("apply defaults (fresh each time) and leave optional fields absent", () => {
    const S = obj({ list: def(arr(str), () => []), name: opt(str), n: def(int(), () => 3) });
    const a = parse(S, {});
    expect(a).toEqual({ list: [], n: 3 });
    expect("name" in a).toBe(false);
    const b = parse(S, { name: undefined });
    expect(b.list).not.toBe(a.list);
    expect("name" in b).toBe(false);
  });

  it("strip, keep or refuse unknown keys", () => {
    const shape = { a: req(str) };
    expect(parse(obj(shape), { a: "x", extra: 1 })).toEqual({ a: "x" });
    expect(parse(obj(shape, "loose"), { a: "x", extra: { y: 1 } })).toEqual({ a: "x", extra: { y: 1 } });
    expect(issue(obj(shape, "strict"), { a: "x", extra: 1 })).toBe("extra: unknown key");
  });

  it("refuse a __proto__ key where keys are kept", () => {
    const evil = JSON.parse('{"a":"x","__proto__":{"polluted":true}}') as unknown;
    expect(issue(obj({ a: req(str) }, "loose"), evil)).toBe("__proto__: refused key");
    expect(issue(record(str), JSON.parse('{"__proto__":"x"}'))).toBe("__proto__: refused key");
    expect(issue(WorkerStatus, { ...(JSON.parse('{"__proto__":{"index":1}}') as object), ...fixtureStatus(1) })).toBe(
      "__proto__: refused key",
    );
    // Stripped where keys are dropped: nothing of it reaches the result.
    const stripped = parse(obj({ a: req(str) }), evil) as Record<string, unknown>;
    expect(Object.getPrototypeOf(stripped)).toBe(Object.prototype);
    expect(stripped.polluted).toBeUndefined();
  });

  it("complete the value they are given in place; parse() leaves the caller's value as it was", () => {
    const S = obj({ keys: req(arr(str)), n: def(int(), () => 3), inner: opt(obj({ a: req(str) })) });
    const given = JSON.parse('{"keys":["a"],"extra":1,"inner":{"a":"x","b":2}}') as Record<string, unknown>;
    const checked = ok(S, given);
    expect(checked).toBe(given);
    expect(given).toEqual({ keys: ["a"], n: 3, inner: { a: "x" } });
    const mine = { keys: ["a"], extra: 1, skipped: undefined };
    const out = parse(S, mine);
    expect(out).toEqual({ keys: ["a"], n: 3 });
    expect(out).not.toBe(mine);
    expect(out.keys).not.toBe(mine.keys);
    expect(mine).toEqual({ keys: ["a"], extra: 1, skipped: undefined });
  });

  it("look up inherited names (constructor, toString) as own keys only", () => {
    const S = obj({ constructor: opt(str), toString: def(str, () => "d") });
    expect(parse(S, {})).toEqual({ toString: "d" });
    expect(parse(S, { constructor: "c" })).toEqual({ constructor: "c", toString: "d" });
    expect(issue(S, { constructor: 1 })).toBe("constructor: expected a string");
  });
});

describe("records", () => {
  it("fill a status.json's defaults and keep fields a newer docket wrote", () => {
    const { todos, questions, depth, version, ...bare } = fixtureStatus(1);
    expect([todos, questions, depth, version]).toEqual([[], [], 0, 1]);
    const w = parse(WorkerStatus, { ...bare, futureField: { x: 1 }, result: { summary: "s", at: "t" } });
    expect(w).toMatchObject({ todos: [], questions: [], depth: 0, version: 1, futureField: { x: 1 } });
    expect(w.result).toEqual({ outcome: "completed", summary: "s", evidence: [], recommended: [], at: "t" });
  });

  it("name the field of a bad status.json", () => {
    const w = fixtureStatus(1);
    expect(issue(WorkerStatus, { ...w, index: 0 })).toBe("index: expected an integer ≥ 1");
    expect(issue(WorkerStatus, { ...w, state: "dancing" })).toMatch(/^state: expected one of starting\|active\|/);
    expect(issue(WorkerStatus, { ...w, todos: [{ text: "a", state: "later" }] })).toBe(
      "todos.0.state: expected one of pending|in_progress|completed",
    );
    expect(issue(WorkerStatus, { ...w, workspace: { ...w.workspace, parentHashes: { f: 1 } } })).toBe(
      "workspace.parentHashes.f: expected a string",
    );
  });

  it("fill an inbox message's sender and keep unknown receipts", () => {
    expect(parseMessage(JSON.stringify({ id: "1", text: "hi", createdAt: "t", laterReceipt: "t2" }))).toEqual({
      id: "1",
      text: "hi",
      from: "parent",
      createdAt: "t",
      laterReceipt: "t2",
    });
    expect(parseMessage(JSON.stringify({ id: "1", text: "hi", createdAt: "t", via: "pigeon" }))).toBeUndefined();
    expect(issue(InboxMessage, { id: "1", text: "hi", createdAt: "t", handedTo: "me" })).toBe(
      "handedTo: expected an integer",
    );
  });

  it("check decisions, artifacts and bundles", () => {
    expect(
      ok(Decision, { ts: "t", verb: "accept", worker: "x", label: "w1", task: "t", state: "ready" })?.evidence,
    ).toEqual([]);
    expect(issue(Decision, { ts: "t", verb: "shrug", worker: "x", label: "w1", task: "t", state: "ready" })).toMatch(
      /^verb: expected one of accept\|/,
    );
    expect(parse(Artifacts, {})).toEqual({ items: [] });
    expect(issue(Artifacts, { items: [{ id: "e1", type: "weird", at: "t", title: "x", text: "x" }] })).toMatch(
      /^items\.0\.type: expected one of /,
    );
    const item = { id: "c1", type: "command", at: "t", title: "x", text: "x", origin: "w1.c3" };
    expect(parse(Bundle, { id: "b1", title: "t", createdAt: "t", items: [item] })).toEqual({
      version: 1,
      id: "b1",
      title: "t",
      note: "",
      createdAt: "t",
      sources: [],
      items: [item],
    });
    expect(issue(Bundle, { id: "x1", title: "t", createdAt: "t", items: [] })).toBe("id: expected a bundle id b<N>");
  });

  it("reject unknown config keys (strict), naming the file and the key", () => {
    expect(issue(ConfigFile, { worker: { maxActiv: 3 } })).toBe("worker.maxActiv: unknown key");
    expect(issue(ConfigFile, { workers: {} })).toBe("workers: unknown key");
    expect(issue(ConfigFile, { worker: { maxActive: 65 } })).toBe("worker.maxActive: expected an integer from 1 to 64");
    expect(() => parseJson(ConfigFile, "config f.json", '{"worker":{"maxActiv":3}}')).toThrow(
      /^config f\.json: worker\.maxActiv: unknown key$/,
    );
    expect(() => parseJson(ConfigFile, "config f.json", "{oops")).toThrow(/^config f\.json: invalid JSON/);
  });
});

describe("listWorkers", () => {
  it("reads good and extra-field records and names each bad file with its field", () => {
    writeNewStatus(
      home,
      fixtureStatus(2, {
        state: "ready",
        result: { outcome: "completed", summary: "s", evidence: [], recommended: [], at: "t" },
      }),
    );
    writeNewStatus(home, fixtureStatus(1, { futureField: { x: 1 } }));
    const bad = fixtureStatus(3);
    put(workerPaths(home, bad.id).status, JSON.stringify({ ...bad, index: "three" }));
    const cut = fixtureStatus(4);
    put(workerPaths(home, cut.id).status, JSON.stringify(cut).slice(0, 40));
    const { workers, bad: unreadable } = listWorkers(home);
    expect(workers.map((w) => w.label)).toEqual(["w1", "w2"]);
    expect(workers[0]).toMatchObject({ futureField: { x: 1 } });
    expect(unreadable.map((b) => b.id).sort()).toEqual([bad.id, cut.id].sort());
    const problems = unreadable.map((b) => b.problem).join("\n");
    expect(problems).toContain(`${workerPaths(home, bad.id).status}: index: expected an integer ≥ 1`);
    expect(problems).toContain(`${workerPaths(home, cut.id).status}: invalid JSON`);
  });

  it("returns nothing for a store without workers", () => {
    expect(listWorkers(join(home, "none"))).toEqual({ workers: [], bad: [] });
  });
});

describe("readArtifactsOf", () => {
  it("reads good items, drops bad ones and skips empty or missing files", () => {
    const item = { id: "e1", type: "error", at: "t", title: "boom", text: "x" };
    put(
      workerPaths(home, "good-0001").artifacts,
      JSON.stringify({ items: [item, { ...item, id: "e2", type: "weird" }] }),
    );
    put(workerPaths(home, "bad-0002").artifacts, JSON.stringify({ items: [{ ...item, type: "weird" }] }));
    put(workerPaths(home, "empty-0003").artifacts, "");
    const got = readArtifactsOf(home, ["good-0001", "bad-0002", "empty-0003", "missing-0004"]);
    expect([...got.entries()]).toEqual([
      ["good-0001", [item]],
      ["bad-0002", []],
    ]);
  });
});

describe("loadConfig", () => {
  it("layers defaults, the user file and the project file", () => {
    const env = { PI_CODING_AGENT_DIR: join(home, "agent") };
    const project = join(home, "repo");
    put(join(home, "agent", "docket.json"), JSON.stringify({ worker: { maxActive: 3, silentMinutes: 2 } }));
    put(join(project, ".pi", "docket.json"), JSON.stringify({ $schema: "x", worker: { maxActive: 5 } }));
    expect(loadConfig(project, env).worker).toMatchObject({ maxActive: 5, silentMinutes: 2, waitingMinutes: 30 });
    expect(loadConfig(undefined, env).worker).toMatchObject({ maxActive: 3, silentMinutes: 2 });
  });

  it("throws one line naming the file and the bad key", () => {
    const env = { PI_CODING_AGENT_DIR: join(home, "agent") };
    const file = join(home, "agent", "docket.json");
    put(file, JSON.stringify({ worker: { maxActiv: 3 } }));
    expect(() => loadConfig(undefined, env)).toThrow(`config ${file}: worker.maxActiv: unknown key`);
  });
});
