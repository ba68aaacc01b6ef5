// The public CLI verbs (a contract: see docs/contract.md). Each loads lazily.
export interface VerbEntry {
  load: () => Promise<unknown>;
  aliases?: string[];
}

export const VERBS: Record<string, VerbEntry> = {
  spawn: { load: () => import("./spawn.js") },
};
