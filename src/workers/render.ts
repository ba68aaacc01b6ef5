// Plain-text rendering of workers for `docket workers` and `docket show`. Pure.
import { formatAge, warningText, type WarningConfig } from "../core/warnings.js";
import { receiptText } from "../core/receipts.js";
import type { Artifact, InboxMessage, WorkerGradeRecord, WorkerStatus } from "../core/schema.js";
import { sanitizeText } from "../core/sanitize.js";
import { openQuestions, stateSince } from "../core/lifecycle.js";
import { stateWord } from "../core/states.js";
import { formatUsd } from "../core/cost.js";
import { coverageLines, planCoverage, planText } from "../core/plan.js";

/** The COST cell: the worker's recorded spend, `-` before any usage. */
export function costCell(w: WorkerStatus): string {
  return w.usage ? formatUsd(w.usage.cost) : "-";
}

/** `$0.123 · 12.3k in · 1.2k out · 40k cache read · model` (+ ` · budget $5`). */
export function usageText(w: WorkerStatus): string | undefined {
  const u = w.usage;
  if (!u && w.budgetUsd === undefined) return undefined;
  const k = (x: number) =>
    x >= 10_000 ? `${(x / 1000).toFixed(0)}k` : x >= 1000 ? `${(x / 1000).toFixed(1)}k` : String(x);
  const parts = u
    ? [
        formatUsd(u.cost),
        `${k(u.input)} in`,
        `${k(u.output)} out`,
        ...(u.cacheRead ? [`${k(u.cacheRead)} cache read`] : []),
        ...(u.cacheWrite ? [`${k(u.cacheWrite)} cache write`] : []),
        ...(u.model ? [u.model] : []),
      ]
    : ["$0"];
  if (w.budgetUsd !== undefined) parts.push(`budget ${formatUsd(w.budgetUsd)}`);
  return parts.join(" · ");
}

function oneLine(s: string, max: number): string {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > max ? flat.slice(0, max - 1) + "…" : flat;
}

/** ` · on gpu (w3 there)`: where a remote worker runs, and its label on that machine. */
function hostText(w: WorkerStatus): string {
  if (!w.host) return "";
  const there = w.host.remoteLabel && w.host.remoteLabel !== w.label ? ` (${w.host.remoteLabel} there)` : "";
  return ` · on ${w.host.name}${there}`;
}

export function workerRow(w: WorkerStatus, now: number, cfg: WarningConfig): string {
  const age = formatAge(now - Date.parse(stateSince(w)));
  const warn = warningText(w, now, cfg);
  const extra =
    w.state === "needs_input" && w.question
      ? ` ? ${oneLine(w.question.text, 60)}`
      : w.state === "failed" && w.failure
        ? ` ! ${oneLine(w.failure.reason, 60)}`
        : "";
  const state = stateWord(w.state, !!w.endedAt);
  return (
    `${w.label.padEnd(5)} ${state.padEnd(11)} ${w.kind.padEnd(8)} ` +
    `${age.padStart(4)} ${costCell(w).padStart(7)}  ` +
    `${w.host ? `@${w.host.name} ` : ""}${oneLine(w.task, 50)}${extra}${warn ? `  [${warn}]` : ""}`
  );
}

/** Column headers, aligned with workerRow. */
export const WORKERS_HEADER =
  `${"REF".padEnd(5)} ${"STATE".padEnd(11)} ${"KIND".padEnd(8)} ` + `${"AGE".padStart(4)} ${"COST".padStart(7)}  TASK`;

export function workersTable(ws: WorkerStatus[], now: number, cfg: WarningConfig): string {
  if (!ws.length) return "no workers\n";
  // Plain text, no colours of docket's own: the whole table is sanitised (oneLine already made each row one line).
  return `${WORKERS_HEADER}\n${sanitizeText(ws.map((w) => workerRow(w, now, cfg)).join("\n"))}\n`;
}

export interface ShowExtras {
  paneTail?: string;
  inbox: InboxMessage[];
  /** Its graded overlaps, as stored (store/grades.ts). */
  overlaps?: WorkerGradeRecord[];
  /** Its docket_note artifacts (type note), oldest first. */
  notes?: Artifact[];
  /** Its edit artifacts, for plan coverage. */
  edits?: Artifact[];
}

export function showText(w: WorkerStatus, x: ShowExtras, now: number, cfg: WarningConfig): string {
  const out: string[] = [];
  const kv = (k: string, v: string | number | undefined) =>
    v !== undefined && v !== "" && out.push(`${k.padEnd(12)} ${v}`);
  out.push(`${w.label} ${w.id} · ${stateWord(w.state, !!w.endedAt)} · ${w.kind}${hostText(w)}`);
  kv("task", oneLine(w.task, 200));
  kv("project", w.project);
  kv(
    "workspace",
    `${w.workspace.type} ${w.workspace.path}` +
      `${w.workspace.baseline ? ` (baseline ${w.workspace.baseline.slice(0, 12)})` : ""}`,
  );
  kv(
    "tmux",
    `${w.tmux.session}:${w.tmux.windowName}` +
      `${w.tmux.windowId ? ` ${w.tmux.windowId}` : ""}${w.tmux.paneId ? ` ${w.tmux.paneId}` : ""}`,
  );
  kv("model", w.model);
  kv("parent", w.parentId ? `${w.parentId} (depth ${w.depth})` : undefined);
  kv("created", w.createdAt);
  kv("updated", `${w.updatedAt} (${formatAge(now - Date.parse(w.updatedAt))} ago)`);
  kv("heartbeat", w.heartbeatAt);
  kv("ended", w.endedAt);
  kv("exit code", w.exitCode);
  kv("reviewed", w.reviewedAt);
  kv("warnings", warningText(w, now, cfg));
  kv("cost", usageText(w));
  if (w.failure) kv("failure", w.failure.reason);
  // Every open question, oldest first and numbered as `tell --q N` counts them; else the last one asked.
  const open = openQuestions(w);
  const shown = open.length ? open : w.question ? [w.question] : [];
  shown.forEach((q, n) => {
    out.push("", `${open.length > 1 ? `question ${n + 1}`.padEnd(12) : "question    "} ${q.text}`);
    out.push(...(q.options ?? []).map((o, i) => `  ${i + 1}. ${o}${o === q.recommend ? "  (recommended)" : ""}`));
    if (q.risk) out.push(`  risk: ${q.risk}`);
    if (q.answeredAt) out.push(`  answered ${q.answeredAt}: ${oneLine(q.answer ?? "", 120)}`);
  });
  if (w.todos.length) {
    out.push("", "todos");
    for (const t of w.todos)
      out.push(
        `  [${t.state === "completed" ? "x" : t.state === "in_progress" ? "~" : " "}] ` +
          `${t.text}${t.note ? ` — ${t.note}` : ""}`,
      );
  }
  if (w.result) {
    out.push("", `result       ${w.result.outcome}: ${w.result.summary}`);
    for (const e of w.result.evidence) out.push(`  evidence: ${e}`);
    for (const r of w.result.recommended) out.push(`  next: ${r}`);
  }
  if (w.result?.plan) {
    out.push("", `plan         ${w.result.plan.steps.length} step(s)`);
    out.push(
      ...planText(w.result.plan)
        .split("\n")
        .map((l) => `  ${l}`),
    );
  }
  if (w.plan) {
    out.push("", `plan         ${w.plan.steps.length} step(s)${w.planFrom ? ` from ${w.planFrom}` : ""}; coverage:`);
    out.push(...coverageLines(planCoverage(w.plan, w, x.edits ?? [])).map((l) => `  ${l}`));
  }
  if (w.changeSet) {
    const add = w.changeSet.files.reduce((n, f) => n + f.added, 0);
    const del = w.changeSet.files.reduce((n, f) => n + f.removed, 0);
    out.push("", `change set   ${w.changeSet.files.length} file(s) +${add} -${del} (${w.changeSet.patch})`);
    for (const f of w.changeSet.files) out.push(`  +${f.added} -${f.removed} ${f.path}`);
  }
  if (x.overlaps?.length) {
    out.push("", "overlaps");
    for (const o of x.overlaps)
      out.push(
        `  ${o.text}` +
          (o.conflicts.length
            ? ` (conflicts: ${o.conflicts.join(", ")})`
            : o.near.length
              ? ` (hunks within 3 lines: ${o.near.join(", ")})`
              : ""),
      );
  }
  if (w.baseMoved) {
    const b = w.baseMoved;
    out.push(
      "",
      `base moved   ${b.by}${b.head ? ` (HEAD ${b.head.slice(0, 12)})` : ""}, ` +
        `${b.at}${b.toldAt ? `; told ${b.toldAt}` : "; not told"}`,
    );
    for (const p of b.paths) out.push(`  ${p}`);
  }
  if (x.notes?.length) {
    out.push(
      "",
      `notes        ${x.notes.length}` +
        `${w.headsUp && (!w.reviewedAt || w.reviewedAt < w.headsUp.at) ? " (heads-up open)" : ""}`,
    );
    for (const n of x.notes.slice(-20)) out.push(`  ${w.label}.${n.id}  ${n.at}  ${oneLine(n.title, 160)}`);
  }
  if (x.inbox.length) {
    const unread = x.inbox.filter((m) => !m.readAt).length;
    out.push("", `messages     ${x.inbox.length} sent, ${unread} not read by the worker`);
    for (const m of x.inbox.slice(-20))
      out.push(`  ${m.id}  ${receiptText(m, now, (ms) => formatAge(ms))}  ${oneLine(m.text, 60)}`);
  }
  if (x.paneTail?.trim()) {
    out.push("", "pane tail (last lines)");
    out.push(
      ...x.paneTail
        .replace(/\s+$/, "")
        .split("\n")
        .slice(-20)
        .map((l) => `  ${l}`),
    );
  }
  // Plain text: every field the worker wrote (question, options, todos, summary, failure, pane tail) shown escaped.
  return sanitizeText(out.join("\n")) + "\n";
}
