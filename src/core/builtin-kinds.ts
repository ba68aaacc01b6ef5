// The kinds docket ships with. Custom kinds (markdown + frontmatter) may override them by name.
import type { Kind } from "./kinds.js";

export const BUILTIN_KINDS: Kind[] = [
  {
    name: "default",
    description: "general worker; edits allowed when the task asks for them",
    writable: true,
    planGate: false,
    requirePlan: false,
    childKinds: ["scout"],
    session: "fresh",
    rules: "",
    source: "builtin",
  },
  {
    name: "scout",
    description: "fast read-only recon: find, read, map, report",
    writable: false,
    planGate: false,
    requirePlan: false,
    childKinds: [],
    session: "fresh",
    rules: [
      "You are a scout: read-only reconnaissance. " +
        "Do not edit, create or delete files and do not run mutating commands.",
      "Work fast: a handful of searches and reads, then report what you found with file paths and line numbers as " +
        "evidence.",
    ].join("\n"),
    source: "builtin",
  },
  {
    name: "patcher",
    description: "plan-gated edits in its own worktree, then proposes a change set",
    writable: true,
    planGate: true,
    requirePlan: false,
    childKinds: ["scout"],
    session: "fresh",
    rules: [
      "You are a patcher: you make a scoped change in your own worktree and propose it as a change set.",
      "Keep the diff minimal and on-task; the parent reviews and promotes the whole change set.",
    ].join("\n"),
    source: "builtin",
  },
  {
    name: "architect",
    description: "read-only design: studies the code and finishes with a structured plan to implement",
    writable: false,
    planGate: false,
    requirePlan: true,
    childKinds: ["scout"],
    session: "fresh",
    rules: [
      "You are an architect: read-only. Do not edit, create or delete files and do not run mutating commands.",
      "Study the code the task concerns, then finish with docket_done carrying a `plan`: " +
        "{steps: [{title, files, check}]}, in order.",
      "Each step: a short imperative title, the repo-relative files it changes, and one check (a command or an " +
        "observation) that shows it worked.",
      "The person may hand the plan to an implementer as it stands, so make every step self-contained.",
    ].join("\n"),
    source: "builtin",
  },
  {
    name: "implementer",
    description: "carries out an accepted plan in its own worktree, step by step",
    writable: true,
    planGate: false,
    requirePlan: false,
    childKinds: ["scout"],
    session: "fresh",
    rules: [
      "You are an implementer: your task holds an accepted plan. Carry it out in your own worktree, in order, " +
        "touching the files each step names.",
      "Publish the steps with docket_todos, one item per step with the step's title as its text, and mark each " +
        "completed when its check passes.",
      "Do not widen the scope; if a step cannot be done as planned, say so in docket_done (which steps you skipped " +
        "and why).",
    ].join("\n"),
    source: "builtin",
  },
];
