// The schema of everything docket reads from disk, written once with core/check.ts: the popups, the CLI
// and the worker extension parse with these same definitions. Files are parsed, never trusted.
import {
  arr,
  bool,
  def,
  int,
  literal,
  num,
  obj,
  oneOf,
  opt,
  record,
  req,
  str,
  unknownValue,
  type Infer,
} from "./check.js";
import { DECISION_VERBS, WORKER_STATES } from "./states.js";

export { DECISION_VERBS, RUNNING_STATES, TERMINAL_STATES, WORKER_STATES } from "./states.js";
export const WorkerState = oneOf(WORKER_STATES);
export type WorkerState = Infer<typeof WorkerState>;

export const Todo = obj({
  id: opt(str),
  text: req(str),
  state: def(oneOf(["pending", "in_progress", "completed"]), () => "pending" as const),
  note: opt(str),
});
export type Todo = Infer<typeof Todo>;

export const Question = obj({
  text: req(str),
  options: opt(arr(str)),
  recommend: opt(str),
  risk: opt(str),
  askedAt: req(str),
  answeredAt: opt(str),
  answer: opt(str),
  /** Asked by docket, not the model: the spend crossed this budget (USD); the reply sets the next one. */
  budget: opt(num),
});
export type Question = Infer<typeof Question>;

/**
 * Files this worker touches changed in the parent after it started: `by` says what moved them
 * (`accepted w2`, `parent at 3f2a9c1`), `head` the parent commit when it was a commit, `toldAt` when
 * the worker was sent a note about it.
 */
export const BaseMoved = obj({ at: req(str), by: req(str), head: opt(str), paths: req(arr(str)), toldAt: opt(str) });
export type BaseMoved = Infer<typeof BaseMoved>;

const Grade = oneOf(["same file", "adjacent", "contested"]);

/** One worker's side of a graded pair (src/git/grade.ts WorkerGrade). */
export const WorkerGradeRecord = obj({
  other: req(str),
  grade: req(Grade),
  paths: req(arr(str)),
  conflicts: def(arr(str), () => []),
  near: def(arr(str), () => []),
  text: req(str),
});
export type WorkerGradeRecord = Infer<typeof WorkerGradeRecord>;

/**
 * grades/<hash>.json: the graded overlaps of one repo's live change sets, written when a change set
 * freezes, one is accepted, or the parent's HEAD moves; popups only read it. `key` names the change
 * sets it was graded from, `head` the parent commit it saw.
 */
export const GradeFile = obj({
  v: req(literal(1)),
  repoRoot: req(str),
  head: opt(str),
  key: req(str),
  gradedAt: req(str),
  byLabel: def(record(arr(WorkerGradeRecord)), (): Record<string, WorkerGradeRecord[]> => ({})),
  failed: def(arr(obj({ label: req(str), why: req(str) })), () => []),
});
export type GradeFile = Infer<typeof GradeFile>;

export const ChangedFile = obj({ path: req(str), added: req(num), removed: req(num) });
export type ChangedFile = Infer<typeof ChangedFile>;

export const ChangeSet = obj({
  baseline: req(str),
  files: req(arr(ChangedFile)),
  /** Patch file name inside the worker dir (changeset.patch). */
  patch: req(str),
  frozenAt: req(str),
  /** 1 for the first docket_done, +1 for each revision; absent in records written before versions (= 1). */
  version: opt(int(1)),
});
export type ChangeSet = Infer<typeof ChangeSet>;

/**
 * One frozen version in `changeSets`: its own patch file (changeset.v<N>.patch)
 * that later versions never overwrite.
 */
export const ChangeSetVersion = obj({
  version: req(int(1)),
  baseline: req(str),
  files: req(arr(ChangedFile)),
  patch: req(str),
  frozenAt: req(str),
});
export type ChangeSetVersion = Infer<typeof ChangeSetVersion>;

/** One review comment of the person's on a change set version (review.json). */
export const ReviewComment = obj({
  id: req(str),
  version: req(int(1)),
  path: req(str),
  /** Line of the new side (the old side for a removed line); absent for a comment on the whole hunk. */
  line: opt(int(0)),
  /** "old": `line` is a removed line, numbered on the old side; absent: the new side. */
  side: opt(oneOf(["old", "new"])),
  /** The hunk's `@@ … @@` header and its text (header included), as the worker will read them. */
  hunk: req(str),
  hunkText: req(str),
  comment: req(str),
  at: req(str),
  /** Sent to the worker: when, and the inbox message id it went in. */
  sentAt: opt(str),
  messageId: opt(str),
});
export type ReviewComment = Infer<typeof ReviewComment>;
/** <worker-dir>/review.json. */
export const Review = obj({ comments: def(arr(ReviewComment), () => []) });
export type Review = Infer<typeof Review>;

/** One step of a structured plan (an architect's docket_done `plan`). */
export const PlanStep = obj({ title: req(str), files: def(arr(str), () => []), check: def(str, () => "") });
export type PlanStep = Infer<typeof PlanStep>;
export const Plan = obj({ steps: req(arr(PlanStep)) });
export type Plan = Infer<typeof Plan>;

export const Result = obj({
  outcome: def(oneOf(["completed", "findings", "proposal", "no_evidence"]), () => "completed" as const),
  summary: req(str),
  evidence: def(arr(str), () => []),
  recommended: def(arr(str), () => []),
  scopeConfidence: opt(oneOf(["clear", "unclear"])),
  openTodos: opt(num),
  /** The structured plan docket_done carried (an architect's). */
  plan: opt(Plan),
  at: req(str),
});
export type Result = Infer<typeof Result>;

export const Workspace = obj({
  /** worktree: detached git worktree; copy: copied dir with git init; parent: read-only, runs in the parent dir. */
  type: req(oneOf(["worktree", "copy", "parent"])),
  path: req(str),
  /** Baseline commit in the workspace that the change set is measured against. */
  baseline: opt(str),
  /** The parent directory the worker was spawned from (where promote applies). */
  parentDir: req(str),
  /** Parent repo root, when the parent dir is inside a git repo. */
  repoRoot: opt(str),
  /** Parent HEAD when the worker started. */
  parentHead: opt(str),
  /** sha1 of each seeded parent file at spawn, to detect parent edits before promote. */
  parentHashes: opt(record(str)),
});
export type Workspace = Infer<typeof Workspace>;

export const TmuxRef = obj({
  socket: opt(str),
  session: req(str),
  windowId: opt(str),
  windowName: req(str),
  paneId: opt(str),
  /** Session and client the worker was spawned from, for notifications. */
  originSession: opt(str),
});
export type TmuxRef = Infer<typeof TmuxRef>;

/** status.json. Loose: fields a newer docket wrote are kept, so an older one rewrites them unharmed. */
export const WorkerStatus = obj(
  {
    version: def(literal(1), () => 1 as const),
    id: req(str),
    label: req(str),
    index: req(int(1)),
    kind: req(str),
    task: req(str),
    state: req(WorkerState),
    runToken: req(str),
    project: req(str),
    createdAt: req(str),
    updatedAt: req(str),
    startedAt: opt(str),
    heartbeatAt: opt(str),
    /** Last tool or todo event, for the `silent` warning. */
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
    /** pid of the pi process running the extension; liveness = pid alive + recent heartbeat. */
    extensionPid: opt(int()),
    todos: def(arr(Todo), () => []),
    question: opt(Question),
    questions: def(arr(Question), () => []),
    result: opt(Result),
    failure: opt(obj({ reason: req(str), at: req(str) })),
    changeSet: opt(ChangeSet),
    /**
     * Every frozen version, oldest first (the last one is `changeSet`);
     * absent before a worker's first revision-aware done.
     */
    changeSets: opt(arr(ChangeSetVersion)),
    remindedAt: opt(str),
    /** The person stopped it (state stopped). */
    stoppedAt: opt(str),
    respawnedAt: opt(str),
    /** The parent moved under this worker's files (docs/contract.md "Base moved"). */
    baseMoved: opt(BaseMoved),
    /** Its change set was accepted: the parent's files as docket wrote them (sha1 by path), so a later
     *  accept can tell docket's own writes from the person's edits. */
    promoted: opt(obj({ at: req(str), hashes: req(record(str)) })),
    /** Summed model usage of its pi session (the extension adds each turn's): tokens and USD. */
    usage: opt(
      obj({
        input: req(num),
        output: req(num),
        cacheRead: req(num),
        cacheWrite: req(num),
        cost: req(num),
        model: opt(str),
        turns: opt(num),
      }),
    ),
    /** Spend limit in USD (spawn --budget, else worker.budgetUsd): crossing it asks the person first. */
    budgetUsd: opt(num),
    /** The worker's latest heads-up note (docket_note level heads-up): in the status line's warning until reviewed. */
    headsUp: opt(obj({ text: req(str), at: req(str), id: opt(str) })),
    /** pi's --thinking level (spawn --thinking). */
    thinking: opt(str),
    /** An implementer's accepted plan, and the label of the architect it came from. */
    plan: opt(Plan),
    planFrom: opt(str),
    /** A remote worker (docs/remote.md): this record mirrors the one on host `name`, where it runs. */
    host: opt(obj({ name: req(str), remoteLabel: opt(str) })),
  },
  "loose",
);
export type WorkerStatus = Infer<typeof WorkerStatus>;

export const EventLine = obj({
  ts: req(str),
  kind: req(oneOf(["state", "todo", "tool", "artifact", "message", "note"])),
  payload: req(record(unknownValue)),
});
export type EventLine = Infer<typeof EventLine>;

export const Artifact = obj({
  id: req(str),
  type: req(oneOf(["command", "error", "edit", "answer", "question", "summary", "note", "terminal"])),
  at: req(str),
  title: req(str),
  text: req(str),
  exitCode: opt(int()),
  path: opt(str),
});
export type Artifact = Infer<typeof Artifact>;
/** artifacts.json. */
export const Artifacts = obj({ items: def(arr(Artifact), () => []) });
export type Artifacts = Infer<typeof Artifacts>;

/**
 * inbox/<seq>.json. Receipts are observations: queuedAt when docket wrote it, deliveredAt once pi took
 * it into its conversation or steering queue, readAt once it stood in the conversation as a user
 * message. typedAt: typed into the pane as keystrokes (no extension to confirm anything).
 */
export const InboxMessage = obj(
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
    /** Bookkeeping, not a receipt: the pi process that was handed it, so a second one never sends it too. */
    handedTo: opt(int()),
    handedAt: opt(str),
    /** askedAt of the question this reply answers (tell --q N); else it answers the oldest open one. */
    answers: opt(str),
    /** tell --after: never steered into a running turn; held until pi is idle (the turn ended), then a prompt. */
    after: opt(bool),
  },
  "loose",
);
export type InboxMessage = Infer<typeof InboxMessage>;

/** A line of decisions.ndjson. */
export const Decision = obj(
  {
    ts: req(str),
    verb: req(oneOf(DECISION_VERBS)),
    worker: req(str),
    label: req(str),
    task: req(str),
    state: req(WorkerState),
    option: opt(str),
    text: opt(str),
    risk: opt(str),
    /** combine: the other side's label (`w5`, or `parent` for the parent's own edits). */
    with: opt(str),
    /** combine: the other worker's id (absent when combined with the parent). */
    withWorker: opt(str),
    evidence: def(arr(str), () => []),
    /** broadcast: who got it (worker id, label, inbox message id), and the --touching glob if any. */
    recipients: opt(arr(obj({ worker: req(str), label: req(str), message: req(str) }))),
    touching: opt(str),
    /** What the worker had spent (USD, from its usage) when the decision was made. */
    cost: opt(num),
  },
  "loose",
);
export type Decision = Infer<typeof Decision>;

/** inbox-done.json: evidence keys marked done in the inbox (ui/data.ts). */
export const DoneKeys = obj({ keys: def(arr(str), () => []) });
export type DoneKeys = Infer<typeof DoneKeys>;

/** One machine in hosts.json (docs/remote.md): how to reach it and how to run docket there. */
export const HostEntry = obj({
  /** What ssh connects to: an alias of the person's ~/.ssh/config, user@host, or ssh://user@host:port. */
  destination: req(str),
  /** DOCKET_HOME on the remote (its own default when absent). */
  dir: opt(str),
  /** The remote docket command, one argv word each (default ["docket"]). */
  command: def(arr(str), () => ["docket"]),
  /** Variables set for the remote docket (`env K=V …` before the command). */
  env: def(record(str), (): Record<string, string> => ({})),
  addedAt: req(str),
});
export type HostEntry = Infer<typeof HostEntry>;

/** hosts.json. */
export const HostsFile = obj({
  v: def(literal(1), () => 1 as const),
  hosts: def(record(HostEntry), (): Record<string, HostEntry> => ({})),
});
export type HostsFile = Infer<typeof HostsFile>;

/** hosts/<name>/reach.json: what the last contact with a host observed. */
export const HostReach = obj({
  ok: req(bool),
  at: req(str),
  /** ssh's own words when it could not connect (first line). */
  error: opt(str),
  /** When it last answered. */
  seenAt: opt(str),
});
export type HostReach = Infer<typeof HostReach>;

/** <worker-dir>/remote.json: the mirror's bookkeeping: which host, and the fingerprint of each file it
 *  holds as the remote reported it (events.ndjson needs none: its cursor is the mirror's own length). */
export const MirrorState = obj({
  host: req(str),
  fp: def(record(str), (): Record<string, string> => ({})),
  pulledAt: opt(str),
});
export type MirrorState = Infer<typeof MirrorState>;
