// A structured plan (an architect's docket_done `plan`) and how far an implementer's work covers it.
// Pure: the card, `docket show`, the verdict's editor round trip and the tests use it.
import type { Artifact, Plan, PlanStep, Todo } from "./schema.js";

export const MAX_PLAN_STEPS = 20;

/** The plan as the implementer reads it and the person edits it: numbered steps with files and check lines. */
export function planText(plan: Plan): string {
  return plan.steps
    .map((s, i) => [`${i + 1}. ${s.title}`, `   files: ${s.files.join(", ")}`, `   check: ${s.check}`].join("\n"))
    .join("\n");
}

/**
 * Read planText back (after the person edited it). "" → undefined (cancelled); a malformed plan throws with the line.
 */
export function parsePlanText(text: string): Plan | undefined {
  const steps: PlanStep[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    const head = /^(\d+)[.)]\s+(.+)$/.exec(line);
    if (head) {
      steps.push({ title: head[2]!.trim(), files: [], check: "" });
      continue;
    }
    const kv = /^(files|check):\s*(.*)$/i.exec(line);
    const cur = steps[steps.length - 1];
    if (!kv || !cur)
      throw new Error(
        `cannot read plan line ${JSON.stringify(line)} (steps are "N. title" with "files:" and "check:" lines)`,
      );
    if (kv[1]!.toLowerCase() === "files")
      cur.files = kv[2]!
        .split(",")
        .map((f) => f.trim())
        .filter(Boolean);
    else cur.check = kv[2]!.trim();
  }
  if (!steps.length) return undefined;
  if (steps.length > MAX_PLAN_STEPS) throw new Error(`the plan has ${steps.length} steps, at most ${MAX_PLAN_STEPS}`);
  return { steps };
}

/** The implementer's task: the accepted plan verbatim, then the architect's task for context. */
export function implementTask(plan: Plan, from: { label: string; task: string }): string {
  return [
    `Implement this plan (accepted from ${from.label}'s plan). Work through the steps in order; publish them with ` +
      `docket_todos using the step titles as the item texts, mark each completed when done, and say in docket_done ` +
      `which steps you skipped and why.`,
    "",
    "## Plan",
    "",
    planText(plan),
    "",
    `## ${from.label}'s task`,
    "",
    from.task,
  ].join("\n");
}

export interface StepCoverage {
  index: number;
  title: string;
  files: string[];
  /** The step's files the change set or an edit touched. */
  touched: string[];
  /** A docket_todos item for this step is completed. */
  reported: boolean;
  /** Neither touched nor reported done. */
  skipped: boolean;
}

const norm = (p: string) => p.replace(/^\.\//, "").replace(/\/+$/, "");
const titleKey = (t: string) =>
  t
    .trim()
    .replace(/^(\d+[.)]|step\s+\d+:?)\s*/i, "")
    .toLowerCase();

/** A repo-relative path for a changed file: an absolute one under the workspace loses that prefix. */
function relative(path: string, workspace: string): string {
  const ws = workspace.replace(/\/+$/, "") + "/";
  return norm(path.startsWith(ws) ? path.slice(ws.length) : path);
}

/** Whether a changed path is one of the step's files (the same path, or under a step entry naming a directory). */
function touches(changed: string, stepFile: string): boolean {
  const f = norm(stepFile);
  return changed === f || changed.startsWith(f + "/");
}

/**
 * Plan coverage: files from the change set and edit artifacts; a todo stands for a step when its text
 * is the step's title (case and a leading "N." aside), else, when the board has exactly one item per
 * step, by position.
 */
export function planCoverage(
  plan: Plan,
  w: { changeSet?: { files: { path: string }[] }; todos: Todo[]; workspace: { path: string } },
  artifacts: Artifact[] = [],
): StepCoverage[] {
  const changed = new Set([
    ...(w.changeSet?.files ?? []).map((f) => norm(f.path)),
    ...artifacts.filter((a) => a.type === "edit" && a.path).map((a) => relative(a.path!, w.workspace.path)),
  ]);
  const byIndex = w.todos.length === plan.steps.length;
  return plan.steps.map((s, i) => {
    const todo = w.todos.find((t) => titleKey(t.text) === titleKey(s.title)) ?? (byIndex ? w.todos[i] : undefined);
    const touched = s.files.filter((f) => [...changed].some((c) => touches(c, f)));
    const reported = todo?.state === "completed";
    return { index: i + 1, title: s.title, files: s.files, touched, reported, skipped: !touched.length && !reported };
  });
}

/** One line per step: `✓`/`·` touched, reported, skipped. */
export function coverageLines(cov: StepCoverage[]): string[] {
  return cov.map((c) => {
    const files = c.files.length
      ? c.touched.length
        ? `touched ${c.touched.join(", ")}`
        : `not touched (${c.files.join(", ")})`
      : "no files named";
    return (
      `${c.index}. ${c.title} — ${files}; ` +
      `${c.reported ? "reported done" : "not reported done"}${c.skipped ? "; skipped" : ""}`
    );
  });
}
