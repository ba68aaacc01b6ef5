// The public CLI verbs (a contract: see docs/contract.md). Each loads lazily.
export interface VerbEntry {
  load: () => Promise<unknown>;
  aliases?: string[];
}

export const VERBS: Record<string, VerbEntry> = {
  spawn: { load: () => import("./spawn.js") },
  tell: { load: () => import("./tell.js") },
  workers: { load: () => import("./workers.js") },
  show: { load: () => import("./show.js") },
  kinds: { load: () => import("./kinds.js") },
  respawn: { load: () => import("./respawn.js") },
  stop: { load: () => import("./stop.js") },
  delete: { load: () => import("./delete.js") },
  hook: { load: () => import("./hook.js") },
  log: { load: () => import("./log.js"), aliases: ["decisions"] },
  answers: { load: () => import("./answers.js") },
  search: { load: () => import("./search.js") },
  save: { load: () => import("./save.js") },
  load: { load: () => import("./load.js") },
  list: { load: () => import("./list.js") },
  unload: { load: () => import("./unload.js") },
  clear: { load: () => import("./clear.js") },
  ref: { load: () => import("./ref.js") },
  "inject-full": { load: () => import("./inject-full.js") },
  copy: { load: () => import("./copy.js") },
  inbox: { load: () => import("./inbox.js") },
  verdict: { load: () => import("./verdict.js") },
  peek: { load: () => import("./peek.js") },
  status: { load: () => import("./status.js") },
  next: { load: () => import("./next.js") },
  doctor: { load: () => import("./doctor.js") },
};
