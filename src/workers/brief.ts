// task.md (task + pre-flight brief) and the worker's first prompt. Pure text building.
import type { Kind } from "../core/kinds.js";
import type { Workspace } from "../core/schema.js";

export interface BriefInput {
  label: string;
  id: string;
  task: string;
  kind: Kind;
  workspace: Workspace;
  cwd: string;
  depth: number;
  maxDepth: number;
  parentLabel?: string;
}

function workspaceLine(ws: Workspace, cwd: string): string {
  switch (ws.type) {
    case "worktree":
      return (
        `isolated git worktree at ${ws.path} (detached, ` +
        `seeded with the parent's uncommitted and untracked files; ` +
        `baseline ${ws.baseline?.slice(0, 12)}). You start in ${cwd}.`
      );
    case "copy":
      return (
        `private copy of ${ws.parentDir} at ${ws.path} (git-initialised; ` +
        `baseline ${ws.baseline?.slice(0, 12)}). You start in ${cwd}.`
      );
    case "parent":
      return `the parent's own directory ${ws.parentDir} (shared with the person; read-only for you).`;
  }
}

export function renderTaskMd(b: BriefInput): string {
  const k = b.kind;
  const rights = k.writable
    ? "You may edit files inside your workspace when the task asks for changes; " +
      "the parent reviews the whole change set and decides whether to promote it. " +
      "Never push or run destructive git commands."
    : "Read-only: do not edit, create or delete files and do not run mutating commands. Report what you find.";
  const gate = k.planGate
    ? "Plan gate: do read-only discovery first, " +
      "then call docket_wait with your plan (options + recommend) before the first edit or mutating command."
    : "No plan gate: ask with docket_wait only when a reasonable engineer would stop and ask.";
  const children =
    k.childKinds.length && b.depth < b.maxDepth
      ? `You may start child workers of kind ${k.childKinds.join(", ")} with docket_spawn_child.`
      : "You may not start child workers.";
  return [
    `# Task for ${b.label} (${b.id})`,
    "",
    "## Task",
    "",
    b.task,
    "",
    "## Pre-flight brief",
    "",
    `- Kind: ${k.name}${k.description ? ` — ${k.description}` : ""}`,
    `- Workspace: ${workspaceLine(b.workspace, b.cwd)}`,
    `- Decision rights: ${rights}`,
    `- ${gate}`,
    `- ${children}`,
    b.parentLabel
      ? `- Spawned by worker ${b.parentLabel} (depth ${b.depth} of at most ${b.maxDepth}).`
      : `- Spawned by the person at tmux (depth ${b.depth}).`,
    "- Report through the docket tools: docket_todos for progress, docket_wait to ask, " +
      "docket_done when you have a result, docket_fail when you cannot continue.",
    ...(k.rules ? ["", "## Kind rules", "", k.rules] : []),
    "",
  ].join("\n");
}

/**
 * The first user message: a fixed header line, the exact task text, then where the brief lives.
 * The header also keeps pi from reading a task that starts with `-` or `@` as a flag or a file.
 */
export function firstPrompt(task: string, taskMdPath: string): string {
  return (
    `[docket task]\n${task}\n\n` +
    `[docket] Your task and pre-flight brief are in ${taskMdPath}. Report with the docket_* tools.`
  );
}

/** The message a respawned worker gets when its session resumes. */
export function respawnPrompt(taskMdPath: string): string {
  return (
    `[docket] You were restarted after your process ended. ` +
    `Your task is in ${taskMdPath}. Continue where you left off and report with the docket_* tools.`
  );
}
