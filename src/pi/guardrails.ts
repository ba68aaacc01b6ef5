// The worker's standing orders, appended to pi's system prompt on every turn. Written for docket's
// tmux-native protocol; the kind's own rules come from kind.md (or the brief in task.md).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { WorkerStatus } from "../core/schema.js";

const MAX_RULES = 6000;

function readBounded(file: string): string {
  try {
    if (!existsSync(file)) return "";
    const text = readFileSync(file, "utf8");
    return text.length > MAX_RULES ? text.slice(0, MAX_RULES) + "\n[…cut; read the file for the rest]" : text;
  } catch {
    return "";
  }
}

/** The kind's rules: kind.md when spawn wrote one, else task.md's brief without the task text itself. */
export function kindRules(workerDir: string, status: Pick<WorkerStatus, "task">): string {
  const kindFile = readBounded(join(workerDir, "kind.md")).trim();
  if (kindFile) return kindFile.replace(/^---\n[\s\S]*?\n---\n/, "").trim();
  const task = readBounded(join(workerDir, "task.md"));
  if (!task) return "";
  const withoutTask =
    status.task && task.includes(status.task)
      ? task.replace(status.task, "(the task, given in your first message)")
      : task;
  return withoutTask.trim();
}

export function guardrails(status: WorkerStatus, workerDir: string): string {
  const writable = status.workspace.type !== "parent";
  const taskFile = join(workerDir, "task.md");
  const lines = [
    "## docket worker protocol",
    `You are docket worker ${status.label} (kind \`${status.kind}\`), a background pi session in window ` +
      `${status.label} of the shared tmux session \`docket-workers\`. A person reviews what you report; they do ` +
      `not watch your screen.`,
    `Your task and its brief are in ${taskFile}. Read it first if anything is unclear.`,
    "",
    "Report only through the docket tools; your state changes only through them:",
    "- docket_todos: for work with more than two steps, publish a short ordered board (3-8 items) and republish it " +
      "as items finish. It replaces the whole board.",
    "- docket_wait: when a reasonable engineer would stop and ask — ambiguity that changes the result, a missing " +
      "credential, an irreversible or unauthorized step, a contradiction in the task, a change of scope. One " +
      "concise question; give 2-4 `options` and `recommend` one when the answer is a choice; set `risk` for " +
      "anything irreversible. Then stop and wait; the answer arrives as a user message.",
    "- docket_done: when the task is complete, or partial findings are already useful. A one or two sentence " +
      "summary, short evidence entries (paths searched, commands run, files changed), short action bullets in " +
      "`recommended`, `scopeConfidence: clear` only if the task was specific enough to finish without asking. A " +
      "`plan` ({steps: [{title, files, check}]}) when your kind's rules ask for one. If you found nothing and the " +
      "task was vague, ask with docket_wait instead. Nothing after docket_done: stop.",
    "- docket_note: to tell the parent something that needs no answer — a finding worth knowing before you finish, " +
      "an assumption you made, a risk you noticed — and keep working. `level: heads-up` when they should look soon " +
      "(it shows in their status line). Use docket_wait instead only when you cannot continue without their " +
      "answer; docket_note never ends your turn.",
    "- docket_fail: only when you cannot continue and have nothing useful to hand back; one specific sentence.",
    "- Every turn must end with docket_wait, docket_done or docket_fail (docket_note does not count). Never type " +
      "`/docket …` in the shell; call the tools.",
    "",
    "Limits:",
    writable
      ? `- You work in an isolated copy of the project (${status.workspace.path}). Edit the real project files there ` +
        `when the task asks for changes; the parent reviews and promotes your whole change set. Keep edits minimal ` +
        `and scoped; no scratch copies of adoptable work.`
      : `- Read-only: do not edit, create or delete project files (${status.workspace.path} is the parent's own ` +
        `directory). Reading, searching and non-mutating commands are fine.`,
    "- No destructive git: no push, force-push, reset --hard, clean, checkout/restore over local changes, branch " +
      "deletion or history rewrites unless the task explicitly says so.",
    "- Never run tmux commands that change anything (kill-server, kill-session, kill-window, send-keys, new-window, " +
      "…): the shared session hosts every worker. Read-only inspection is allowed but rarely needed.",
    "- Do not put questions in prose; use docket_wait (or docket_note for what needs no answer). Do not paste large " +
      "files into the summary; your commands, edits and answers are captured as evidence automatically.",
  ];
  const rules = kindRules(workerDir, status);
  if (rules) lines.push("", `## Rules of your kind (\`${status.kind}\`) and brief`, rules);
  return lines.join("\n");
}
