// The public CLI verbs (a contract: see docs/contract.md). Each loads lazily.
export interface VerbEntry {
  load: () => Promise<unknown>;
  aliases?: string[];
  /** Ordinary commands that prune the store first (stamp-limited: usually one stat). */
  prune?: true;
}

export const VERBS: Record<string, VerbEntry> = {
  spawn: { load: () => import("./spawn.js"), prune: true },
  tell: { load: () => import("./tell.js") },
  broadcast: { load: () => import("./broadcast.js") },
  workers: { load: () => import("./workers.js"), prune: true },
  show: { load: () => import("./show.js") },
  kinds: { load: () => import("./kinds.js") },
  respawn: { load: () => import("./respawn.js") },
  stop: { load: () => import("./stop.js") },
  delete: { load: () => import("./delete.js") },
  hook: { load: () => import("./hook.js") },
  views: { load: () => import("./views.js") },
  grades: { load: () => import("./grades.js") },
  remote: { load: () => import("./remote.js") },
  hosts: { load: () => import("./hosts.js") },
  log: { load: () => import("./log.js"), prune: true, aliases: ["decisions"] },
  answers: { load: () => import("./answers.js"), prune: true },
  search: { load: () => import("./search.js"), prune: true },
  save: { load: () => import("./save.js") },
  load: { load: () => import("./load.js"), prune: true },
  list: { load: () => import("./list.js"), prune: true },
  unload: { load: () => import("./unload.js") },
  clear: { load: () => import("./clear.js") },
  ref: { load: () => import("./ref.js") },
  "inject-full": { load: () => import("./inject-full.js") },
  copy: { load: () => import("./copy.js") },
  inbox: { load: () => import("./inbox.js"), prune: true },
  verdict: { load: () => import("./verdict.js"), prune: true },
  combine: { load: () => import("./combine.js") },
  peek: { load: () => import("./peek.js") },
  status: { load: () => import("./status.js"), prune: true },
  next: { load: () => import("./next.js"), prune: true },
  attach: { load: () => import("./attach.js") },
  doctor: { load: () => import("./doctor.js") },
  "tmux-init": { load: () => import("./tmux-init.js") },
};
