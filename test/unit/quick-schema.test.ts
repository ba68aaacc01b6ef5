// The zod-free checkers of the popup path must agree with the zod schemas: same fields, and on any input
// either both accept with equal data, or the quick one rejects (the reader then asks zod). A quick
// checker that accepts something zod rejects would let an unparsed file through: that is the failure.
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fakeWorker } from "../../src/bench/fixtures.js";
import { ConfigFile } from "../../src/core/config.js";
import { FAIL, type Check } from "../../src/core/quick-check.js";
import { QuickArtifacts, QuickConfigFile, QuickDoneKeys, QuickInboxMessage, QuickWorkerStatus } from "../../src/core/quick-schema.js";
import { Artifacts, InboxMessage, WorkerStatus } from "../../src/core/schema.js";

const DoneKeys = z.object({ keys: z.array(z.string()).default([]) }); // as in src/ui/data.ts before the quick path

/** Field paths of a zod schema (arrays and records as []), through optional/default wrappers. */
function zodPaths(s: z.ZodType, prefix = ""): string[] {
  const def = (s as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  if (def.type === "optional" || def.type === "default") return zodPaths(def.innerType as z.ZodType, prefix);
  if (def.type === "array") return zodPaths(def.element as z.ZodType, `${prefix}[]`);
  if (def.type === "record") return zodPaths(def.valueType as z.ZodType, `${prefix}[]`);
  if (def.type === "object") {
    const shape = def.shape as Record<string, z.ZodType>;
    return Object.entries(shape).flatMap(([k, v]) => [`${prefix}.${k}`, ...zodPaths(v, `${prefix}.${k}`)]);
  }
  return [];
}

type Meta = { shape?: Record<string, { check: unknown }>; item?: unknown };
function quickPaths(c: unknown, prefix = ""): string[] {
  const m = c as Meta;
  if (m.item) return quickPaths(m.item, `${prefix}[]`);
  if (m.shape) return Object.entries(m.shape).flatMap(([k, f]) => [`${prefix}.${k}`, ...quickPaths(f.check, `${prefix}.${k}`)]);
  return [];
}

const WRONG: unknown[] = [null, true, 0, -1, 1.5, 2 ** 60, Infinity, "x", "", [], ["x"], [1], {}, { zz: 1 }, "pending", "worktree", "needs_input", 1];

/** Every input made by breaking one place of `base`: each known field path set to each wrong value or deleted, plus unknown keys. */
function mutations(base: unknown, paths: string[]): unknown[] {
  const out: unknown[] = [];
  const setAt = (root: unknown, steps: string[], fn: (parent: Record<string, unknown>, key: string) => void) => {
    const copy = structuredClone(root);
    let nodes: unknown[] = [copy];
    for (const step of steps.slice(0, -1)) {
      nodes = nodes.flatMap((n) => (step === "[]" ? (Array.isArray(n) ? n : Object.values((n as object) ?? {})) : n && typeof n === "object" ? [(n as Record<string, unknown>)[step]] : []));
      nodes = nodes.filter((n) => n && typeof n === "object");
    }
    const last = steps[steps.length - 1]!;
    const targets = nodes.filter((n): n is Record<string, unknown> => !!n && typeof n === "object" && !Array.isArray(n));
    if (!targets.length) return;
    for (const t of targets) fn(t, last);
    out.push(copy);
  };
  for (const p of paths) {
    const steps = p.split(/(?=\[\])|\./).filter(Boolean);
    setAt(base, steps, (t, k) => delete t[k]);
    for (const v of WRONG) setAt(base, steps, (t, k) => (t[k] = structuredClone(v)));
    setAt(base, steps, (t, k) => (t[`${k}Extra`] = 1));
  }
  out.push(null, [], "x", {});
  out.push(JSON.parse(`{"__proto__": {"x": 1}, "keys": []}`));
  return out;
}

function agree(name: string, zod: z.ZodType, quick: Check<unknown>, samples: unknown[]): void {
  describe(name, () => {
    it("checks the same fields as the zod schema", () => {
      expect(quickPaths(quick).sort()).toEqual(zodPaths(zod).sort());
    });
    it("accepts what zod accepts on real samples, with the same data", () => {
      for (const s of samples) {
        const z1 = zod.safeParse(s);
        expect(z1.success).toBe(true);
        expect(quick(structuredClone(s))).toEqual(z1.data);
      }
    });
    it("never accepts what zod rejects, and gives zod's data when it accepts", () => {
      const paths = zodPaths(zod);
      let rejectedByBoth = 0;
      for (const s of samples.slice(0, 3)) {
        for (const m of mutations(s, paths)) {
          const q = quick(structuredClone(m));
          const r = zod.safeParse(structuredClone(m));
          if (q === FAIL) {
            if (!r.success) rejectedByBoth++;
            continue;
          }
          // expect() only on a mismatch: thousands of inputs stay fast.
          if (!r.success) expect({ input: m, zodAccepts: r.success }).toEqual({ input: m, zodAccepts: true });
          if (!isDeepStrictEqual(q, r.data)) expect(q).toEqual(r.data);
        }
      }
      expect(rejectedByBoth).toBeGreaterThan(10);
    });
  });
}

const full = {
  ...fakeWorker(1, "/p").status,
  startedAt: "t",
  endedAt: "t",
  reviewedAt: "t",
  loadedAt: "t",
  exitCode: 0,
  model: "m",
  parentId: "p",
  seedSession: "s",
  extensionPid: 42,
  remindedAt: "t",
  stoppedAt: "t",
  respawnedAt: "t",
  futureField: { kept: true },
  workspace: { type: "copy", path: "/w", baseline: "b", parentDir: "/p", repoRoot: "/p", parentHead: "h", parentHashes: { "a.ts": "x" } },
  tmux: { socket: "s", session: "docket-workers", windowId: "@1", windowName: "w1", paneId: "%1", originSession: "o" },
  todos: [{ id: "1", text: "t", state: "in_progress", note: "n" }, { text: "u" }],
  question: { text: "q", options: ["a", "b"], recommend: "a", risk: "r", askedAt: "t", answeredAt: "t", answer: "a" },
  questions: [{ text: "q0", askedAt: "t" }],
  result: { outcome: "findings", summary: "s", evidence: ["e"], recommended: ["r"], scopeConfidence: "clear", openTodos: 1, at: "t" },
  failure: { reason: "r", at: "t" },
  changeSet: { baseline: "b", files: [{ path: "a", added: 1, removed: 2 }], patch: "changeset.patch", frozenAt: "t" },
};
const minimal = { id: "x-0001", label: "w1", index: 1, kind: "default", task: "t", state: "idle", runToken: "r", project: "/p", createdAt: "t", updatedAt: "t", workspace: { type: "parent", path: "/p", parentDir: "/p" }, tmux: { session: "s", windowName: "w1" }, result: { summary: "s", at: "t" } };
const workers = [0, 1, 2, 4, 7].map((i) => fakeWorker(i + 1, "/p"));

agree("status.json", WorkerStatus, QuickWorkerStatus, [full, minimal, ...workers.map((w) => w.status)]);
agree("artifacts.json", Artifacts, QuickArtifacts, [{ items: workers[0]!.artifacts }, { items: [{ id: "e1", type: "error", at: "t", title: "t", text: "x", exitCode: 2, path: "p" }] }, {}]);
agree("docket.json", ConfigFile, QuickConfigFile, [{}, { $schema: "s", worker: { maxActive: 3, dockIdleHideMinutes: 0, pruneAfterHours: 1.5, maxSpawnDepth: 8, defaultKind: "k", model: "m", silentMinutes: 5, waitingMinutes: 30, reminder: false } }, { worker: {} }]);
agree("inbox-done.json", DoneKeys, QuickDoneKeys, [{ keys: ["w1.e1"] }, {}]);
agree("inbox message", InboxMessage, QuickInboxMessage, [
  { id: "m", text: "hi", createdAt: "t" },
  { id: "m", text: "hi", from: "parent", createdAt: "t", queuedAt: "t", deliveredAt: "t", readAt: "t", typedAt: "t", via: "keys", handedTo: 7, handedAt: "t", answers: "t", extra: 1 },
]);
