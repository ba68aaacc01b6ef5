// Review items ranked by what needs a decision now. Pure: callers pass workers, evidence and markers.
// Order: questions (oldest first), failures, ready with a change set, ready findings, errors from
// evidence, then running workers (dim). Reviewed items dim and sink below everything else.
import type { Artifact, WorkerStatus } from "./schema.js";
import { openQuestion } from "./verdict.js";

export type ItemGroup = "question" | "failure" | "changes" | "findings" | "evidence" | "running" | "reviewed";

const TIER: Record<ItemGroup, number> = { question: 0, failure: 1, changes: 2, findings: 3, evidence: 4, running: 5, reviewed: 6 };

export interface ReviewItem {
  /** Stable key: the worker label (w3) or a worker artifact ref (w3.e1). */
  key: string;
  workerId: string;
  label: string;
  state: WorkerStatus["state"];
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
}

/** At most this many evidence items per worker, newest first: the inbox is for decisions, not logs. */
export const EVIDENCE_PER_WORKER = 3;

export function inProject(w: WorkerStatus, project: string | undefined): boolean {
  if (!project) return true;
  const under = (p: string | undefined) => !!p && (p === project || p.startsWith(project.endsWith("/") ? project : project + "/"));
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
  if (w.state === "needs_input" && openQuestion(w)) return "question";
  if (w.state === "failed" || w.state === "error" || w.state === "ended") return "failure";
  if (w.state === "ready") return w.changeSet && w.changeSet.files.length > 0 ? "changes" : "findings";
  return "running";
}

function workerSubject(w: WorkerStatus, g: ItemGroup): { subject: string; since: string } {
  const q = openQuestion(w);
  if (q) return { subject: q.text, since: q.askedAt };
  if (w.failure) return { subject: w.failure.reason, since: w.failure.at };
  if (w.state === "error") return { subject: "tmux session vanished", since: w.updatedAt };
  if (w.state === "ended") return { subject: `exited without reporting${w.exitCode !== undefined ? ` (exit ${w.exitCode})` : ""}`, since: w.endedAt ?? w.updatedAt };
  if (w.result) return { subject: w.result.summary, since: w.result.at };
  const doing = w.todos.find((t) => t.state === "in_progress");
  return { subject: doing ? doing.text : w.task, since: g === "running" ? (w.startedAt ?? w.createdAt) : w.updatedAt };
}

function isFailureEvidence(a: Artifact): boolean {
  return a.type === "error" || (a.type === "command" && a.exitCode !== undefined && a.exitCode !== 0);
}

export function rankItems(input: RankInput): ReviewItem[] {
  const items: ReviewItem[] = [];
  for (const w of input.workers) {
    if (!inProject(w, input.project)) continue;
    const group = workerGroup(w);
    const { subject, since } = workerSubject(w, group);
    const markers = [...(input.markers?.get(w.id) ?? [])];
    const stat = changeStat(w);
    if (stat) markers.push(stat);
    if (w.reviewedAt) markers.push("✓ reviewed");
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
      dim: group === "running" || group === "reviewed",
      progress: group === "running" && w.todos.length > 0 ? `${done}/${w.todos.length}` : undefined,
    });
    const evidence = (input.artifacts?.get(w.id) ?? []).filter(isFailureEvidence);
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
  }
  return items.sort((a, b) => {
    const t = TIER[a.group] - TIER[b.group];
    if (t !== 0) return t;
    if (a.group === "running" || a.group === "reviewed") return a.label.localeCompare(b.label, undefined, { numeric: true }) || a.key.localeCompare(b.key);
    // Oldest first: the longest-waiting decision is the most overdue.
    return a.since.localeCompare(b.since) || a.key.localeCompare(b.key, undefined, { numeric: true });
  });
}

/** Items that still need a person (not running, not reviewed). */
export function pendingCount(items: ReviewItem[]): number {
  return items.filter((i) => i.group !== "running" && i.group !== "reviewed").length;
}
