// Review items ranked by what needs a decision now. Pure: callers pass workers, evidence and markers.
// Order: questions (oldest first), failures, ready with a change set, ready findings, errors from
// evidence, workers' notes (docket_note: quiet, never counted as needing you), mounted evidence
// (`docket load`), loaded workers, then running workers (dim). Reviewed items dim and sink below everything else.
import { isSettled } from "./eviction.js";
import { compareNatural } from "./natural.js";
import type { Artifact, WorkerStatus } from "./schema.js";
import { stateSince } from "./lifecycle.js";
import { FAILURE_STATES } from "./states.js";
import { openQuestion } from "./verdict.js";

export type ItemGroup =
  | "question"
  | "failure"
  | "changes"
  | "findings"
  | "evidence"
  | "note"
  | "mounted"
  | "loaded"
  | "running"
  | "stopped"
  | "reviewed";

const TIER: Record<ItemGroup, number> = {
  question: 0,
  failure: 1,
  changes: 2,
  findings: 3,
  evidence: 4,
  note: 5,
  mounted: 6,
  loaded: 7,
  running: 8,
  stopped: 9,
  reviewed: 10,
};

/** One item of a mounted source (a MountedItem of src/evidence/mounted.ts). */
export interface MountedInput {
  ref: string;
  source: string;
  sourceTitle: string;
  kind: "bundle" | "worker";
  loadedAt: string;
  artifact: Artifact;
}

export interface ReviewItem {
  /** Stable key: the worker label (w3) or an artifact ref (w3.e1, b2.c1). */
  key: string;
  /** The worker; "" for a mounted bundle item. */
  workerId: string;
  /** Worker label, or the mounted source (b2, w3). */
  label: string;
  state: WorkerStatus["state"] | "mounted";
  kind: string;
  group: ItemGroup;
  /** When the item arose (question asked, result, failure, artifact); ISO. */
  since: string;
  subject: string;
  markers: string[];
  dim: boolean;
  artifactId?: string;
  /** Running workers: todo progress, e.g. "2/5". */
  progress?: string;
  /** Mounted evidence: where it comes from. Pasted/copied by `key` (docket ref / copy). */
  mounted?: { from: "bundle" | "worker"; source: string; sourceTitle: string };
}

export interface RankInput {
  workers: WorkerStatus[];
  /** Evidence per worker id; failed commands and errors become their own items. */
  artifacts?: Map<string, Artifact[]>;
  /** Extra markers per worker id (overlap, waiting, silent), computed by the caller. */
  markers?: Map<string, string[]>;
  /** Keys (w3.e1) the person marked done in the inbox. */
  doneKeys?: Set<string>;
  /** Project root to scope to; undefined = every project. */
  project?: string;
  /** Items of mounted bundles/workers (listMounted), in load order; shown in every project scope. */
  mounted?: MountedInput[];
}

/** At most this many evidence items per worker, newest first: the inbox is for decisions, not logs. */
export const EVIDENCE_PER_WORKER = 3;

export function inProject(w: WorkerStatus, project: string | undefined): boolean {
  if (!project) return true;
  const under = (p: string | undefined) =>
    !!p && (p === project || p.startsWith(project.endsWith("/") ? project : project + "/"));
  return w.project === project || w.workspace.repoRoot === project || under(w.workspace.parentDir);
}

export function oneLine(s: string, max = 80): string {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > max ? t.slice(0, max - 1) + "…" : t;
}

export function changeStat(w: WorkerStatus): string | undefined {
  const files = w.changeSet?.files;
  if (!files || files.length === 0) return undefined;
  const add = files.reduce((n, f) => n + f.added, 0);
  const del = files.reduce((n, f) => n + f.removed, 0);
  return `${files.length} file${files.length === 1 ? "" : "s"} +${add} −${del}`;
}

function workerGroup(w: WorkerStatus): ItemGroup {
  if (w.reviewedAt) return "reviewed";
  if (isSettled(w)) return "loaded";
  if (w.state === "needs_input" && openQuestion(w)) return "question";
  if (FAILURE_STATES.includes(w.state)) return "failure";
  if (w.state === "stopped") return "stopped";
  if (w.state === "ready") return w.changeSet && w.changeSet.files.length > 0 ? "changes" : "findings";
  return "running";
}

function workerSubject(w: WorkerStatus): string {
  const q = openQuestion(w);
  if (q) return q.text;
  if (w.failure) return w.failure.reason;
  if (w.state === "error") return "tmux session vanished";
  if (w.state === "ended") return `exited without reporting${w.exitCode !== undefined ? ` (exit ${w.exitCode})` : ""}`;
  if (w.state === "stopped") return `stopped by you · ${w.task}`;
  if (w.result) return w.result.summary;
  const doing = w.todos.find((t) => t.state === "in_progress");
  return doing ? doing.text : w.task;
}

function isFailureEvidence(a: Artifact): boolean {
  return a.type === "error" || (a.type === "command" && a.exitCode !== undefined && a.exitCode !== 0);
}

export function rankItems(input: RankInput): ReviewItem[] {
  const items: ReviewItem[] = [];
  for (const w of input.workers) {
    if (!inProject(w, input.project)) continue;
    const group = workerGroup(w);
    const subject = workerSubject(w);
    const since = stateSince(w);
    const markers = [...(input.markers?.get(w.id) ?? [])];
    const stat = changeStat(w);
    if (stat) markers.push(stat);
    if (w.reviewedAt) markers.push("✓ reviewed");
    else if (group === "loaded") markers.push("loaded");
    const done = w.todos.filter((t) => t.state === "completed").length;
    items.push({
      key: w.label,
      workerId: w.id,
      label: w.label,
      state: w.state,
      kind: w.kind,
      group,
      since,
      subject: oneLine(subject),
      markers,
      dim: group === "running" || group === "stopped" || group === "reviewed",
      progress: group === "running" && w.todos.length > 0 ? `${done}/${w.todos.length}` : undefined,
    });
    // A loaded worker's evidence is listed with the mounted items instead.
    const evidence = group === "loaded" ? [] : (input.artifacts?.get(w.id) ?? []).filter(isFailureEvidence);
    for (const a of evidence.slice(-EVIDENCE_PER_WORKER).reverse()) {
      const key = `${w.label}.${a.id}`;
      const reviewed = !!w.reviewedAt || !!input.doneKeys?.has(key);
      items.push({
        key,
        workerId: w.id,
        label: w.label,
        state: w.state,
        kind: a.type === "command" ? "command" : "error",
        group: reviewed ? "reviewed" : "evidence",
        since: a.at,
        subject: oneLine(a.type === "command" ? `Command failed: ${a.title}` : a.title),
        markers: a.exitCode !== undefined ? [`exit ${a.exitCode}`] : [],
        dim: reviewed,
        artifactId: a.id,
      });
    }
    // Notes (docket_note): the newest few, quiet items; a heads-up stays bright until reviewed.
    const notes = group === "loaded" ? [] : (input.artifacts?.get(w.id) ?? []).filter((a) => a.type === "note");
    for (const a of notes.slice(-EVIDENCE_PER_WORKER).reverse()) {
      const key = `${w.label}.${a.id}`;
      const reviewed = !!w.reviewedAt || !!input.doneKeys?.has(key);
      const headsUp = a.title.startsWith("heads-up: ");
      items.push({
        key,
        workerId: w.id,
        label: w.label,
        state: w.state,
        kind: "note",
        group: reviewed ? "reviewed" : "note",
        since: a.at,
        subject: oneLine(a.title),
        markers: [headsUp ? "heads-up" : "note"],
        dim: reviewed || !headsUp,
        artifactId: a.id,
      });
    }
  }
  const seen = new Set(items.map((i) => i.key));
  for (const m of input.mounted ?? []) {
    if (seen.has(m.ref)) continue; // already listed as a worker's failure evidence
    seen.add(m.ref);
    items.push({
      key: m.ref,
      workerId: m.kind === "worker" ? (input.workers.find((w) => w.label === m.source)?.id ?? "") : "",
      label: m.source,
      state: "mounted",
      kind: m.artifact.type,
      group: "mounted",
      since: m.loadedAt,
      subject: oneLine(m.artifact.title),
      markers: [`loaded ${m.source}: ${oneLine(m.sourceTitle, 40)}`],
      dim: false,
      artifactId: m.artifact.id,
      mounted: { from: m.kind, source: m.source, sourceTitle: m.sourceTitle },
    });
  }
  return items.sort((a, b) => {
    const t = TIER[a.group] - TIER[b.group];
    if (t !== 0) return t;
    if (a.group === "mounted") return 0; // load order, then the source's own order (a stable sort)
    // compareNatural, not localeCompare: loading ICU collation costs the popup's first paint ms.
    if (a.group === "running" || a.group === "reviewed")
      return compareNatural(a.label, b.label) || compareNatural(a.key, b.key);
    // Oldest first: the longest-waiting decision is the most overdue (ISO times order as strings).
    return (a.since < b.since ? -1 : a.since > b.since ? 1 : 0) || compareNatural(a.key, b.key);
  });
}

const SETTLED_GROUPS: ReadonlySet<ItemGroup> = new Set(["note", "running", "reviewed", "loaded", "mounted"]);

/** Items that still need a person (not notes, running, reviewed, loaded or mounted reference material). */
export function pendingCount(items: ReviewItem[]): number {
  return items.filter((i) => !SETTLED_GROUPS.has(i.group)).length;
}
