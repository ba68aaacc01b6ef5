// The kinds docket ships with. Custom kinds (markdown + frontmatter) may override them by name.
import type { Kind } from "./kinds.js";

export const BUILTIN_KINDS: Kind[] = [
  {
    name: "default",
    description: "general worker; edits allowed when the task asks for them",
    writable: true,
    planGate: false,
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
    childKinds: [],
    session: "fresh",
    rules: [
      "You are a scout: read-only reconnaissance. Do not edit, create or delete files and do not run mutating commands.",
      "Work fast: a handful of searches and reads, then report what you found with file paths and line numbers as evidence.",
    ].join("\n"),
    source: "builtin",
  },
  {
    name: "patcher",
    description: "plan-gated edits in its own worktree, then proposes a change set",
    writable: true,
    planGate: true,
    childKinds: ["scout"],
    session: "fresh",
    rules: [
      "You are a patcher: you make a scoped change in your own worktree and propose it as a change set.",
      "Keep the diff minimal and on-task; the parent reviews and promotes the whole change set.",
    ].join("\n"),
    source: "builtin",
  },
];
