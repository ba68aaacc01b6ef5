// The protocol transitions behind docket_wait / docket_done / docket_fail (also used by the
// bash fallback). Each returns the text the model reads back.
import { ask as askMove, done as doneMove, fail as failMove } from "../core/lifecycle.js";
import type { Question, WorkerStatus } from "../core/schema.js";
import { nowIso } from "../store/fsutil.js";
import { freezeChangeSet, keepVersionPatch } from "../git/changeset.js";
import { changeSetVersions, nextVersion } from "../core/review.js";
import { requestGrading } from "../store/grades.js";
import { appendEvent } from "../store/events.js";
import { requestViewRefresh } from "../store/views.js";
import { addArtifact } from "./artifacts.js";
import { mergeRecommended, splitRecommended } from "./recommended.js";
import { budgetFromReply, budgetQuestion, overBudget } from "./usage.js";
import { currentStatus, transition } from "./transitions.js";
import { vagueDoneReason, type DoneArgs, type NoteArgs, type WaitArgs } from "./validate.js";
import { logProblem, safely, type Worker } from "./worker.js";

export type Via = "tool" | "bash-fallback";

export interface ProtocolOutcome {
  ok: boolean;
  state?: string;
  message: string;
}

function ask(w: Worker, q: WaitArgs, why: string): ProtocolOutcome {
  const question: Question = {
    text: q.question,
    ...(q.options ? { options: q.options } : {}),
    ...(q.recommend ? { recommend: q.recommend } : {}),
    ...(q.risk ? { risk: q.risk } : {}),
    askedAt: nowIso(),
  };
  // Evidence first, so whoever sees the new state also finds its artifact.
  safely(w, "question artifact", () =>
    addArtifact(w, {
      type: "question",
      title: q.question,
      text: [
        q.question,
        ...(q.options ?? []).map((o, i) => `${i + 1}) ${o}${o === q.recommend ? " (recommended)" : ""}`),
        q.risk ? `risk: ${q.risk}` : "",
      ]
        .filter(Boolean)
        .join("\n"),
    }),
  );
  const done = transition(w, why, (s) => askMove(s, question));
  if (!done) return refused(w, "the question");
  return {
    ok: true,
    state: "needs_input",
    message: "Question sent to the parent. Stop now; the answer will arrive as a user message.",
  };
}

/** A move that did not happen: the record is gone, unreadable, or in a state the move may not leave. */
function refused(w: Worker, what: string): ProtocolOutcome {
  const s = currentStatus(w);
  const why = s
    ? `the worker is ${s.state}${s.state === "stopped" ? " (the person stopped it)" : ""}`
    : "see the worker's events";
  return { ok: false, message: `docket did not record ${what}: ${why}. Stop now.` };
}

export function applyWait(w: Worker, q: WaitArgs, via: Via = "tool"): ProtocolOutcome {
  return ask(w, q, via === "tool" ? "docket_wait" : "bash /docket wait");
}

function openTodos(s: WorkerStatus): number {
  return (s.todos ?? []).filter((t) => t.state !== "completed").length;
}

export function applyDone(w: Worker, d: DoneArgs, via: Via = "tool"): ProtocolOutcome {
  const vague = vagueDoneReason(d);
  if (vague) {
    const r = ask(
      w,
      {
        question:
          `The task scope is unclear (${vague}). What exactly should I look for, and where?\n` +
          `Worker's note: ${d.summary}`,
      },
      "docket_done on a vague task",
    );
    if (!r.ok) return r;
    return {
      ok: true,
      state: "needs_input",
      message:
        "Not marked done: the scope is unclear and nothing was found, so docket asked the parent for scope instead. " +
        "Stop now and wait for the answer.",
    };
  }
  const split = splitRecommended(d.summary);
  const recommended = mergeRecommended(d.recommended, split.recommended);
  // Freeze outside the status lock: `git add -A` on a big workspace can take longer than the lock may be held.
  let changeNote = "";
  let versions: Pick<WorkerStatus, "changeSet" | "changeSets"> | undefined;
  const before = currentStatus(w);
  const ws = before?.workspace;
  if (before && ws && ws.type !== "parent" && ws.baseline) {
    try {
      // A revision: the version frozen before keeps its patch (changeset.v<N>.patch) before changeset.patch is
      // rewritten.
      for (const v of changeSetVersions(before))
        if (v.patch === "changeset.patch") keepVersionPatch(w.paths.patch, v.version);
      const frozen = freezeChangeSet(ws.path, ws.baseline, w.paths.patch);
      versions = nextVersion(before, frozen);
      keepVersionPatch(w.paths.patch, versions.changeSet!.version!, true);
      const v = versions.changeSet!.version!;
      changeNote = ` Change set${v > 1 ? ` v${v}` : ""} frozen: ${frozen.files.length} file(s).`;
    } catch (err) {
      logProblem(w, "freeze change set", err);
      changeNote = " (docket could not freeze the change set; the parent will see the workspace as is.)";
    }
  }
  safely(w, "summary artifact", () =>
    addArtifact(w, {
      type: "summary",
      title: split.summary,
      text: [d.summary, ...d.evidence.map((e) => `evidence: ${e}`)].join("\n"),
    }),
  );
  const done = transition(w, via === "tool" ? "docket_done" : "bash /docket done", (s) => {
    const open = openTodos(s);
    const result = {
      outcome: d.outcome,
      summary: split.summary,
      evidence: d.evidence,
      recommended,
      ...(d.scopeConfidence ? { scopeConfidence: d.scopeConfidence } : {}),
      ...(d.plan ? { plan: d.plan } : {}),
      ...(open ? { openTodos: open } : {}),
      at: nowIso(),
    };
    const next = doneMove(s, result, versions?.changeSet);
    return next && versions?.changeSets ? { ...next, changeSets: versions.changeSets } : next;
  });
  if (!done) return refused(w, "the result");
  // Grade it against its siblings' change sets in a detached docket process (no git merges in pi).
  if (versions?.changeSet?.files.length && ws?.type === "worktree" && ws.repoRoot)
    safely(w, "grading", () => requestGrading(w.home, ws.repoRoot!));
  return {
    ok: true,
    state: "ready",
    message: `Marked ready for the parent's review.${changeNote} Stop now; do not keep working.`,
  };
}

export function applyFail(w: Worker, reason: string, via: Via | "model-error" = "tool"): ProtocolOutcome {
  const why = via === "tool" ? "docket_fail" : via === "model-error" ? "model error" : "bash /docket fail";
  safely(w, "failure artifact", () => addArtifact(w, { type: "error", title: `failed: ${reason}`, text: reason }));
  // pi failing to run its model is no verdict of the worker's: it never overwrites a result (cannot_run).
  const done = transition(w, why, (s) => failMove(s, reason, nowIso(), via === "model-error" ? "cannot_run" : "fail"));
  if (!done) return refused(w, "the failure");
  return { ok: true, state: "failed", message: "Marked failed. Stop now." };
}

/**
 * The spend crossed the worker's budget: docket asks the person, as docket_wait would (→ needs_input,
 * artifact q<N>), with `budget` on the question so the reply can set the next budget.
 */
export function applyBudgetQuestion(w: Worker): ProtocolOutcome {
  const s = currentStatus(w);
  if (!s || !overBudget(s)) return { ok: false, message: "" };
  const text = budgetQuestion(s);
  const question: Question = { text, options: ["continue", "stop"], budget: s.budgetUsd!, askedAt: nowIso() };
  safely(w, "question artifact", () => addArtifact(w, { type: "question", title: text, text }));
  const done = transition(w, "budget reached", (r) => (overBudget(r) ? askMove(r, question) : undefined));
  return done ? { ok: true, state: "needs_input", message: text } : refused(w, "the budget question");
}

/** A reply to an open budget question: a dollar amount becomes the new budget, anything else clears it. */
export function applyBudgetReply(w: Worker, text: string): void {
  const s = currentStatus(w);
  if (!s?.question || s.question.answeredAt || s.question.budget === undefined) return;
  const next = budgetFromReply(text);
  transition(w, next === undefined ? "budget cleared" : `budget raised to ${next}`, (r) => {
    if (next === undefined) delete r.budgetUsd;
    else r.budgetUsd = next;
    return r;
  });
}

/**
 * docket_note: a note for the person that needs no answer. An artifact `n<N>` and a `note` event; a
 * heads-up also stands in status.headsUp (the status line's warning until the worker is reviewed).
 * Never a state change and never the end of the turn.
 */
export function applyNote(w: Worker, n: NoteArgs): ProtocolOutcome {
  const id = addArtifact(w, {
    type: "note",
    title: `${n.level === "heads-up" ? "heads-up: " : ""}${n.text}`,
    text: n.text,
  });
  appendEvent(w.paths.events, "note", { text: n.text, level: n.level, ...(id ? { id } : {}) });
  if (n.level === "heads-up") {
    const ok = transition(w, "docket_note heads-up", (s) => {
      s.headsUp = { text: n.text, at: nowIso(), ...(id ? { id } : {}) };
      return s;
    });
    if (!ok)
      return { ok: false, message: "docket kept the note but could not raise the heads-up; continue your task." };
  } else safely(w, "view refresh", () => requestViewRefresh(w.home));
  return {
    ok: true,
    message: (
      `Note ${id ?? ""} recorded for the parent${n.level === "heads-up" ? " as a heads-up" : ""}. It needs no ` +
      `answer; continue your task.`
    ).replace("Note  ", "Note "),
  };
}
