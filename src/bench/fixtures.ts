// A synthetic store of N workers in mixed states with evidence, for measuring how inbox and search
// costs grow. Records are built to the schema and validated, so a reader sees realistic files.
import { join } from "node:path";
import { parse } from "../core/check.js";
import { Artifact, WorkerStatus } from "../core/schema.js";
import { writeJsonAtomic } from "../store/fsutil.js";
import { workerPaths } from "../store/layout.js";

const STATES = ["needs_input", "failed", "ready", "ready", "active", "active", "idle", "ended"] as const;
const TOPICS = [
  "auth token refresh",
  "flaky date test",
  "retry policy",
  "README typos",
  "cache eviction",
  "CSV export",
  "login redirect",
  "rate limiter",
];

function iso(minutesAgo: number): string {
  return new Date(Date.now() - minutesAgo * 60_000).toISOString();
}

export function fakeWorker(i: number, project: string): { status: WorkerStatus; artifacts: Artifact[] } {
  const state = STATES[i % STATES.length]!;
  const topic = TOPICS[i % TOPICS.length]!;
  const id = `${topic.toLowerCase().replace(/\W+/g, "-")}-${(0x1000 + i).toString(16).slice(-4)}`;
  const at = iso(i % 90);
  const status = parse(WorkerStatus, {
    version: 1,
    id,
    label: `w${i}`,
    index: i,
    kind: i % 3 === 0 ? "scout" : "default",
    task: `Look into the ${topic} (item ${i})`,
    state,
    runToken: `r${i}`,
    project,
    createdAt: at,
    updatedAt: at,
    heartbeatAt: at,
    lastActivityAt: at,
    workspace: {
      type: "worktree",
      path: join(project, ".ws", id),
      parentDir: project,
      repoRoot: project,
      baseline: "0".repeat(40),
    },
    tmux: { session: "docket-workers", windowName: `w${i}` },
    todos: [
      { text: `investigate ${topic}`, state: "completed" },
      { text: "write the fix", state: state === "active" ? "in_progress" : "pending" },
    ],
    question:
      state === "needs_input"
        ? {
            text: `Should the ${topic} change keep backwards compatibility?`,
            options: ["Keep it", "Break it"],
            recommend: "Keep it",
            risk: "callers may rely on it",
            askedAt: at,
          }
        : undefined,
    result:
      state === "ready"
        ? {
            outcome: "completed",
            summary: `Fixed the ${topic}; tests pass.`,
            evidence: ["npm test: 42 passed"],
            recommended: [],
            at,
          }
        : undefined,
    failure: state === "failed" ? { reason: `npm test failed in ${topic}`, at } : undefined,
    // Every bench worker has spent something: the popup rows measure cards and rows with a cost shown.
    usage: {
      input: 20_000 + i * 1000,
      output: 900 + i * 10,
      cacheRead: 5000,
      cacheWrite: 0,
      cost: 0.07 + i / 1000,
      model: "fake/fake-model",
      turns: 1 + (i % 5),
    },
    changeSet:
      state === "ready"
        ? {
            baseline: "0".repeat(40),
            files: [{ path: `src/${topic.split(" ")[0]}.ts`, added: 12, removed: 3 }],
            patch: "changeset.patch",
            frozenAt: at,
          }
        : undefined,
  });
  const artifacts: Artifact[] = [
    {
      id: "c1",
      type: "command",
      at,
      title: "npm test",
      text: `npm test\n${state === "failed" ? "1 failing: " + topic : "42 passing"}`,
      exitCode: state === "failed" ? 1 : 0,
    },
    {
      id: "f1",
      type: "edit",
      at,
      title: `src/${topic.split(" ")[0]}.ts`,
      text: `edited for the ${topic}`,
      path: `src/${topic.split(" ")[0]}.ts`,
    },
    {
      id: "a1",
      type: "answer",
      at,
      title: "final answer",
      text: `The ${topic} came from a stale cache entry in worker ${i}.`,
    },
  ].map((a) => parse(Artifact, a));
  return { status, artifacts };
}

/** Write workers 1..n into the store at `home` (adds to what is there). */
export function seedStore(home: string, n: number, project: string, from = 1): void {
  for (let i = from; i < from + n; i++) {
    const { status, artifacts } = fakeWorker(i, project);
    const p = workerPaths(home, status.id);
    writeJsonAtomic(p.status, status);
    writeJsonAtomic(p.artifacts, { items: artifacts });
  }
}
