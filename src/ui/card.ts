// Card rendering: the worker's decision at a glance (inbox preview, verdict card, copy text).
// Reads only status fields, evidence and the frozen change set: never the transcript.
// Every text from the worker is passed through core/sanitize.ts before docket's colours wrap it.
import { receiptText, unreadReplies } from "../core/receipts.js";
import type { Artifact, InboxMessage, WorkerStatus } from "../core/schema.js";
import { formatAge } from "../core/warnings.js";
import { formatUsd } from "../core/cost.js";
import { stateWord as stateName } from "../core/states.js";
import { openQuestions, stateSince } from "../core/lifecycle.js";
import { sanitizeDeep, sanitizeLine, sanitizeText } from "../core/sanitize.js";
import { openQuestion } from "../core/verdict.js";
import { planCoverage, planText } from "../core/plan.js";
import { age, c, plusMinus, wrap } from "./ansi.js";
import { safeMarkers } from "./inbox-row.js";

export interface CardInput {
  worker: WorkerStatus;
  artifacts?: Artifact[];
  /** Last lines of a dead worker's pane (pane-tail.txt). */
  paneTail?: string;
  markers?: string[];
  /** The worker's inbox messages (the verdict card shows replies not yet in its conversation). */
  replies?: InboxMessage[];
  width?: number;
  now?: number;
}

export function stateWord(w: WorkerStatus): string {
  return stateName(w.state, !!w.endedAt) + (w.reviewedAt ? " ✓" : "");
}

function dot(w: WorkerStatus): string {
  if (w.reviewedAt || w.state === "stopped") return c.gray("●");
  if (w.state === "needs_input") return c.yellow("●");
  if (w.state === "ready") return c.green("●");
  if (w.state === "failed" || w.state === "error" || w.state === "ended") return c.red("●");
  return c.blue("●");
}

function section(title: string): string {
  return c.bold(title);
}

/** The header's parts: the dot and label, the task's first line, and state · age · kind (gray). */
export function cardHeaderParts(raw: WorkerStatus, now = Date.now()): { lead: string; task: string; meta: string } {
  const w = sanitizeDeep(raw);
  const since = stateSince(w);
  return {
    lead: `${dot(w)} ${c.bold(w.label)}`,
    task: sanitizeLine(w.task.split("\n")[0]!.slice(0, 70)),
    meta: c.gray(`${stateWord(w)} · ${age(since, now)} ago · ${w.kind}${w.host ? ` · on ${w.host.name}` : ""}`),
  };
}

/** Header: label, task, state and age. */
export function cardHeader(raw: WorkerStatus, now = Date.now()): string {
  const p = cardHeaderParts(raw, now);
  return `${p.lead} · ${p.task}   ${p.meta}`;
}

function totals(files: readonly { added: number; removed: number }[]): [number, number] {
  return [files.reduce((n, f) => n + f.added, 0), files.reduce((n, f) => n + f.removed, 0)];
}

export function changeSetLines(w: WorkerStatus, maxFiles = 12): string[] {
  const files = sanitizeDeep(w.changeSet?.files ?? []);
  if (files.length === 0) return [];
  const add = files.reduce((n, f) => n + f.added, 0);
  const del = files.reduce((n, f) => n + f.removed, 0);
  // A revised change set says which version it is and what the one before it was.
  const vs = w.changeSets ?? [];
  const prev = vs.length > 1 ? vs[vs.length - 2] : undefined;
  const v = w.changeSet?.version ?? 1;
  const title =
    v > 1
      ? `Change set v${v}` +
        (prev ? c.gray(` (v${prev.version}: +${totals(prev.files)[0]} −${totals(prev.files)[1]})`) : "")
      : "Change set";
  const out = [section(title) + ` ${files.length} file${files.length === 1 ? "" : "s"} ${plusMinus(add, del)}`];
  for (const f of files.slice(0, maxFiles)) out.push(`  ${f.path}  ${plusMinus(f.added, f.removed)}`);
  if (files.length > maxFiles) out.push(c.gray(`  … ${files.length - maxFiles} more`));
  return out;
}

export function renderCard(raw: CardInput): string {
  // The worker's texts, shown escaped (never sent to the terminal as control sequences).
  const input: CardInput = {
    ...raw,
    worker: sanitizeDeep(raw.worker),
    artifacts: sanitizeDeep(raw.artifacts),
    paneTail: raw.paneTail === undefined ? undefined : sanitizeText(raw.paneTail),
  };
  const { worker: w, width = 80 } = input;
  const now = input.now ?? Date.now();
  const wr = (s: string, indent = "  ") => wrap(s, Math.max(20, width - indent.length)).map((l) => indent + l);
  const out: string[] = [cardHeader(w, now)];
  const q = openQuestion(w);
  const risk = q?.risk;
  if (risk) out.push(c.warn(`  ⚠ ${risk}`));
  if (input.markers?.length) out.push(c.yellow(`  ${safeMarkers(input.markers)}`));
  out.push("");
  if (q) {
    out.push(section("Question"), ...wr(q.text));
    out.push(
      ...(q.options ?? []).map(
        (o, i) => `  ${c.bold(String(i + 1))} ${o}${o === q.recommend ? c.green("  · recommended") : ""}`,
      ),
    );
    // The others it waits on, oldest first, numbered as `docket tell --q N` counts them.
    const more = openQuestions(w).slice(1);
    if (more.length) {
      out.push(c.gray(`  Also open (docket tell --q N):`));
      out.push(...more.flatMap((m, i) => wr(`${i + 2}. ${m.text.split("\n")[0]!}`, "    ")));
    }
    out.push("");
  }
  if (w.result) {
    out.push(
      section(`Summary`) +
        c.gray(` (${w.result.outcome}${w.result.scopeConfidence === "unclear" ? ", scope unclear" : ""})`),
      ...wr(w.result.summary),
    );
    if (w.result.evidence.length)
      out.push(
        section("Evidence"),
        ...w.result.evidence.flatMap((e) => wr(e, "  - ").map((l, i) => (i === 0 ? l : "    " + l.slice(4)))),
      );
    if (w.result.recommended.length)
      out.push(section("Recommended"), ...w.result.recommended.flatMap((e) => wr(e, "  - ")));
    out.push("");
  }
  if (w.result?.plan)
    out.push(
      section(`Plan`) + c.gray(` (${w.result.plan.steps.length} steps · Implement hands it to an implementer)`),
      ...planText(w.result.plan)
        .split("\n")
        .map((l) => "  " + l),
      "",
    );
  if (w.plan) {
    const cov = planCoverage(w.plan, w, input.artifacts ?? []);
    out.push(
      section("Plan coverage") +
        c.gray(
          `${w.planFrom ? ` (plan from ${w.planFrom})` : ""} · ${cov.filter((x) => !x.skipped).length}/${cov.length} ` +
            `steps`,
        ),
    );
    for (const x of cov) {
      const mark = x.skipped ? c.yellow("✗") : x.touched.length && x.reported ? c.green("✓") : c.yellow("~");
      const files = x.files.length
        ? x.touched.length
          ? `touched ${x.touched.join(", ")}`
          : c.gray(`not touched: ${x.files.join(", ")}`)
        : c.gray("no files named");
      out.push(
        `  ${mark} ${x.index}. ${x.title}  ` +
          `${files}${x.reported ? c.green(" · done") : c.gray(" · not reported")}` +
          `${x.skipped ? c.yellow(" · skipped") : ""}`,
      );
    }
    out.push("");
  }
  if (w.failure) out.push(c.red(section("Failure")), ...wr(w.failure.reason), "");
  else if (w.state === "ended" || w.state === "error")
    out.push(
      c.red(`  worker process exited before reporting${w.exitCode !== undefined ? ` (exit ${w.exitCode})` : ""}`),
      "",
    );
  else if (w.state === "stopped")
    out.push(
      c.gray(
        `  stopped by you${w.stoppedAt ? ` ${age(w.stoppedAt, now)} ago` : ""} · \`docket respawn ${w.label}\` ` +
          `starts it again`,
      ),
      "",
    );
  if (w.state === "ready" && w.endedAt)
    out.push(
      c.gray(`  its pi process is gone${w.exitCode !== undefined ? ` (exit ${w.exitCode})` : ""}; the result stands`),
      "",
    );
  const unread = unreadReplies(input.replies ?? []);
  if (unread.length) {
    out.push(c.yellow(section(`Replies not read yet (${unread.length})`)));
    for (const m of unread.slice(-3))
      out.push(
        `  ${c.gray(receiptText(m, now, (ms) => formatAge(ms)))} ` +
          `${sanitizeLine(m.text.replace(/\s+/g, " ").slice(0, Math.max(20, width - 50)))}`,
      );
    out.push("");
  }
  const cs = changeSetLines(w);
  if (cs.length) out.push(...cs, "");
  if (w.baseMoved && !w.reviewedAt) {
    const b = w.baseMoved;
    out.push(
      c.yellow(section("Base moved")) +
        c.gray(` ${b.by}${b.head ? ` · HEAD ${b.head.slice(0, 7)}` : ""}${b.toldAt ? " · told" : ""}`),
    );
    out.push(
      ...b.paths.slice(0, 6).map((p) => `  ${p}`),
      ...(b.paths.length > 6 ? [c.gray(`  … ${b.paths.length - 6} more`)] : []),
      "",
    );
  }
  if (input.paneTail && (w.state === "failed" || w.state === "ended" || w.state === "error")) {
    const tail = input.paneTail.trimEnd().split("\n").slice(-10);
    out.push(section("Terminal tail"), ...tail.map((l) => c.gray("  " + l)), "");
  }
  const failures = (input.artifacts ?? [])
    .filter((a) => a.type === "error" || (a.type === "command" && a.exitCode !== undefined && a.exitCode !== 0))
    .slice(-3);
  if (failures.length) {
    out.push(section("Failed commands / errors"));
    for (const a of failures)
      out.push(
        `  ${c.gray(`${w.label}.${a.id}`)} ${a.title}${a.exitCode !== undefined ? c.red(` (exit ${a.exitCode})`) : ""}`,
      );
    out.push("");
  }
  if (w.usage || w.budgetUsd !== undefined) {
    const spent = w.usage?.cost ?? 0;
    const over = w.budgetUsd !== undefined && spent >= w.budgetUsd;
    const line =
      `  ${formatUsd(spent)}${w.budgetUsd !== undefined ? ` of ${formatUsd(w.budgetUsd)} budget` : ""}` +
      `${w.usage ? ` · ${w.usage.input + w.usage.cacheRead} tokens in · ${w.usage.output} out` : ""}` +
      `${w.usage?.model ? ` · ${w.usage.model}` : ""}`;
    out.push(section("Cost"), over ? c.yellow(line) : c.gray(line), "");
  }
  const notes = (input.artifacts ?? []).filter((a) => a.type === "note").slice(-5);
  if (notes.length) {
    // Newest last; the texts were sanitised with the rest of the input above.
    out.push(section("Notes"));
    for (const a of notes) out.push(...wr(`${w.label}.${a.id} ${age(a.at, now)} ago  ${a.title}`));
    out.push("");
  }
  if (w.todos.length && !w.result) {
    out.push(section("Todos"));
    for (const t of w.todos)
      out.push(
        `  ${t.state === "completed" ? c.green("✓") : t.state === "in_progress" ? c.yellow("▸") : c.gray("·")}` +
          ` ${t.text}`,
      );
    out.push("");
  }
  if (!q && !w.result && !w.failure && w.state !== "ended" && w.state !== "error" && w.state !== "stopped")
    out.push(section("Task"), ...wr(w.task.split("\n").slice(0, 8).join("\n")), "");
  while (out.length && out[out.length - 1] === "") out.pop();
  return out.join("\n");
}

/** Preview for an evidence item (a failed command or an error). */
export function renderArtifactCard(
  rawWorker: WorkerStatus,
  rawArtifact: Artifact,
  now = Date.now(),
  width = 80,
): string {
  const w = sanitizeDeep(rawWorker);
  const a = sanitizeDeep(rawArtifact);
  const head =
    `${c.red("●")} ${c.bold(`${w.label}.${a.id}`)} · ${a.title}   ` +
    `${c.gray(`${a.type} · ${age(a.at, now)} ago${a.exitCode !== undefined ? ` · exit ${a.exitCode}` : ""}`)}`;
  const body = a.text
    .split("\n")
    .slice(0, 60)
    .map((l) => "  " + l.slice(0, width));
  return [head, c.gray(`  from ${w.label} · ${w.task.split("\n")[0]!.slice(0, 60)}`), "", ...body].join("\n");
}

/** Plain evidence text for copy (y) and full paste (I). */
export function evidenceText(w: WorkerStatus, a?: Artifact): string {
  if (a) return `${w.label}.${a.id} ${a.title}\n${a.text}`.trimEnd() + "\n";
  const lines = [`${w.label} · ${w.task.split("\n")[0]} (${stateWord(w)})`];
  const q = openQuestion(w);
  if (q) lines.push(`Question: ${q.text}`, ...(q.options ?? []).map((o, i) => `  ${i + 1}. ${o}`));
  if (w.result) {
    lines.push(`Summary: ${w.result.summary}`);
    if (w.result.evidence.length) lines.push("Evidence:", ...w.result.evidence.map((e) => `  - ${e}`));
    if (w.result.recommended.length) lines.push("Recommended:", ...w.result.recommended.map((e) => `  - ${e}`));
  }
  if (w.failure) lines.push(`Failure: ${w.failure.reason}`);
  for (const f of w.changeSet?.files ?? []) lines.push(`  ${f.path} +${f.added} -${f.removed}`);
  return lines.join("\n") + "\n";
}
