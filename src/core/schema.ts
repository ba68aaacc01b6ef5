// zod schemas for everything docket reads from disk. Files are parsed, never trusted.
import { z } from "zod";
import { DECISION_VERBS, WORKER_STATES } from "./states.js";

// The constants live in zod-free states.ts (popups use them without loading zod); re-exported here.
export { DECISION_VERBS, RUNNING_STATES, TERMINAL_STATES, WORKER_STATES } from "./states.js";
export const WorkerState = z.enum(WORKER_STATES);
export type WorkerState = z.infer<typeof WorkerState>;

export const Todo = z.object({
  id: z.string().optional(),
  text: z.string(),
  state: z.enum(["pending", "in_progress", "completed"]).default("pending"),
  note: z.string().optional(),
});
export type Todo = z.infer<typeof Todo>;

export const Question = z.object({
  text: z.string(),
  options: z.array(z.string()).optional(),
  recommend: z.string().optional(),
  risk: z.string().optional(),
  askedAt: z.string(),
  answeredAt: z.string().optional(),
  answer: z.string().optional(),
});
export type Question = z.infer<typeof Question>;

export const ChangedFile = z.object({ path: z.string(), added: z.number(), removed: z.number() });
export type ChangedFile = z.infer<typeof ChangedFile>;

export const ChangeSet = z.object({
  baseline: z.string(),
  files: z.array(ChangedFile),
  /** Patch file name inside the worker dir (changeset.patch). */
  patch: z.string(),
  frozenAt: z.string(),
});
export type ChangeSet = z.infer<typeof ChangeSet>;

export const Result = z.object({
  outcome: z.enum(["completed", "findings", "proposal", "no_evidence"]).default("completed"),
  summary: z.string(),
  evidence: z.array(z.string()).default([]),
  recommended: z.array(z.string()).default([]),
  scopeConfidence: z.enum(["clear", "unclear"]).optional(),
  openTodos: z.number().optional(),
  at: z.string(),
});
export type Result = z.infer<typeof Result>;

export const Workspace = z.object({
  /** worktree: detached git worktree; copy: copied dir with git init; parent: read-only, runs in the parent dir. */
  type: z.enum(["worktree", "copy", "parent"]),
  path: z.string(),
  /** Baseline commit in the workspace that the change set is measured against. */
  baseline: z.string().optional(),
  /** The parent directory the worker was spawned from (where promote applies). */
  parentDir: z.string(),
  /** Parent repo root, when the parent dir is inside a git repo. */
  repoRoot: z.string().optional(),
  /** Parent HEAD when the worker started. */
  parentHead: z.string().optional(),
  /** sha1 of each seeded parent file at spawn, to detect parent edits before promote. */
  parentHashes: z.record(z.string(), z.string()).optional(),
});
export type Workspace = z.infer<typeof Workspace>;

export const TmuxRef = z.object({
  socket: z.string().optional(),
  session: z.string(),
  windowId: z.string().optional(),
  windowName: z.string(),
  paneId: z.string().optional(),
  /** Session and client the worker was spawned from, for notifications. */
  originSession: z.string().optional(),
});
export type TmuxRef = z.infer<typeof TmuxRef>;

export const WorkerStatus = z.looseObject({
  version: z.literal(1).default(1),
  id: z.string(),
  label: z.string(),
  index: z.number().int().positive(),
  kind: z.string(),
  task: z.string(),
  state: WorkerState,
  runToken: z.string(),
  project: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  startedAt: z.string().optional(),
  heartbeatAt: z.string().optional(),
  /** Last tool or todo event, for the `silent` warning. */
  lastActivityAt: z.string().optional(),
  endedAt: z.string().optional(),
  reviewedAt: z.string().optional(),
  loadedAt: z.string().optional(),
  exitCode: z.number().int().optional(),
  workspace: Workspace,
  tmux: TmuxRef,
  model: z.string().optional(),
  parentId: z.string().optional(),
  depth: z.number().int().min(0).default(0),
  seedSession: z.string().optional(),
  /** pid of the pi process running the extension; liveness = pid alive + recent heartbeat. */
  extensionPid: z.number().int().optional(),
  todos: z.array(Todo).default([]),
  question: Question.optional(),
  questions: z.array(Question).default([]),
  result: Result.optional(),
  failure: z.object({ reason: z.string(), at: z.string() }).optional(),
  changeSet: ChangeSet.optional(),
  remindedAt: z.string().optional(),
  /** The person stopped it (state stopped). */
  stoppedAt: z.string().optional(),
  respawnedAt: z.string().optional(),
});
export type WorkerStatus = z.infer<typeof WorkerStatus>;

export const EventLine = z.object({
  ts: z.string(),
  kind: z.enum(["state", "todo", "tool", "artifact", "message"]),
  payload: z.record(z.string(), z.unknown()),
});
export type EventLine = z.infer<typeof EventLine>;

export const Artifact = z.object({
  id: z.string(),
  type: z.enum(["command", "error", "edit", "answer", "question", "summary", "note", "terminal"]),
  at: z.string(),
  title: z.string(),
  text: z.string(),
  exitCode: z.number().int().optional(),
  path: z.string().optional(),
});
export type Artifact = z.infer<typeof Artifact>;
export const Artifacts = z.object({ items: z.array(Artifact).default([]) });

/**
 * inbox/<seq>.json. Receipts are observations: queuedAt when docket wrote it, deliveredAt once pi took
 * it into its conversation or steering queue, readAt once it stood in the conversation as a user
 * message. typedAt: typed into the pane as keystrokes (no extension to confirm anything).
 */
export const InboxMessage = z.looseObject({
  id: z.string(),
  text: z.string(),
  from: z.string().default("parent"),
  createdAt: z.string(),
  queuedAt: z.string().optional(),
  deliveredAt: z.string().optional(),
  readAt: z.string().optional(),
  typedAt: z.string().optional(),
  via: z.enum(["extension", "keys"]).optional(),
  /** Bookkeeping, not a receipt: the pi process that was handed it, so a second one never sends it too. */
  handedTo: z.number().int().optional(),
  handedAt: z.string().optional(),
  /** askedAt of the question this reply answers (tell --q N); else it answers the oldest open one. */
  answers: z.string().optional(),
});
export type InboxMessage = z.infer<typeof InboxMessage>;

export const Decision = z.looseObject({
  ts: z.string(),
  verb: z.enum(DECISION_VERBS),
  worker: z.string(),
  label: z.string(),
  task: z.string(),
  state: WorkerState,
  option: z.string().optional(),
  text: z.string().optional(),
  risk: z.string().optional(),
  evidence: z.array(z.string()).default([]),
});
export type Decision = z.infer<typeof Decision>;
