// zod-free twins of the schemas the popups read on every open (status.json, artifacts.json, docket.json,
// inbox-done.json), built from quick-check.ts. Same verdict and output as the zod schemas, pinned by
// test/unit/quick-schema.test.ts; a file these reject is parsed again with zod for the precise message.
import { arr, bool, def, int, literal, num, numMin, obj, oneOf, opt, record, req, str } from "./quick-check.js";
import { WORKER_STATES } from "./states.js";

const Todo = obj({
  id: opt(str),
  text: req(str),
  state: def(oneOf(["pending", "in_progress", "completed"]), () => "pending" as const),
  note: opt(str),
});

const Question = obj({
  text: req(str),
  options: opt(arr(str)),
  recommend: opt(str),
  risk: opt(str),
  askedAt: req(str),
  answeredAt: opt(str),
  answer: opt(str),
});

const ChangeSet = obj({
  baseline: req(str),
  files: req(arr(obj({ path: req(str), added: req(num), removed: req(num) }))),
  patch: req(str),
  frozenAt: req(str),
});

const Result = obj({
  outcome: def(oneOf(["completed", "findings", "proposal", "no_evidence"]), () => "completed" as const),
  summary: req(str),
  evidence: def(arr(str), () => []),
  recommended: def(arr(str), () => []),
  scopeConfidence: opt(oneOf(["clear", "unclear"])),
  openTodos: opt(num),
  at: req(str),
});

const Workspace = obj({
  type: req(oneOf(["worktree", "copy", "parent"])),
  path: req(str),
  baseline: opt(str),
  parentDir: req(str),
  repoRoot: opt(str),
  parentHead: opt(str),
  parentHashes: opt(record(str)),
});

const TmuxRef = obj({
  socket: opt(str),
  session: req(str),
  windowId: opt(str),
  windowName: req(str),
  paneId: opt(str),
  originSession: opt(str),
});

export const QuickWorkerStatus = obj(
  {
    version: def(literal(1), () => 1 as const),
    id: req(str),
    label: req(str),
    index: req(int(1)),
    kind: req(str),
    task: req(str),
    state: req(oneOf(WORKER_STATES)),
    runToken: req(str),
    project: req(str),
    createdAt: req(str),
    updatedAt: req(str),
    startedAt: opt(str),
    heartbeatAt: opt(str),
    lastActivityAt: opt(str),
    endedAt: opt(str),
    reviewedAt: opt(str),
    loadedAt: opt(str),
    exitCode: opt(int()),
    workspace: req(Workspace),
    tmux: req(TmuxRef),
    model: opt(str),
    parentId: opt(str),
    depth: def(int(0), () => 0),
    seedSession: opt(str),
    extensionPid: opt(int()),
    todos: def(arr(Todo), () => []),
    question: opt(Question),
    questions: def(arr(Question), () => []),
    result: opt(Result),
    failure: opt(obj({ reason: req(str), at: req(str) })),
    changeSet: opt(ChangeSet),
    remindedAt: opt(str),
    stoppedAt: opt(str),
    respawnedAt: opt(str),
  },
  "loose",
);

export const QuickInboxMessage = obj(
  {
    id: req(str),
    text: req(str),
    from: def(str, () => "parent"),
    createdAt: req(str),
    queuedAt: opt(str),
    deliveredAt: opt(str),
    readAt: opt(str),
    typedAt: opt(str),
    via: opt(oneOf(["extension", "keys"])),
    handedTo: opt(int()),
    handedAt: opt(str),
    answers: opt(str),
  },
  "loose",
);

const Artifact = obj({
  id: req(str),
  type: req(oneOf(["command", "error", "edit", "answer", "question", "summary", "note", "terminal"])),
  at: req(str),
  title: req(str),
  text: req(str),
  exitCode: opt(int()),
  path: opt(str),
});
export const QuickArtifacts = obj({ items: def(arr(Artifact), () => []) });

const WorkerConfig = obj(
  {
    maxActive: opt(int(1, 64)),
    dockIdleHideMinutes: opt(numMin(0)),
    pruneAfterHours: opt(numMin(0)),
    maxSpawnDepth: opt(int(0, 8)),
    defaultKind: opt(str),
    model: opt(str),
    silentMinutes: opt(numMin(0)),
    waitingMinutes: opt(numMin(0)),
    reminder: opt(bool),
  },
  "strict",
);
export const QuickConfigFile = obj({ $schema: opt(str), worker: opt(WorkerConfig) }, "strict");

/** inbox-done.json: evidence keys marked done in the inbox (ui/data.ts). */
export const QuickDoneKeys = obj({ keys: def(arr(str), () => []) });
