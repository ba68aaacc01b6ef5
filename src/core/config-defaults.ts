// The resolved config type, its defaults and the layering rule; config.ts reads and checks the files.
import { join } from "node:path";
import { agentDir } from "./env.js";
export interface Config {
  worker: {
    maxActive: number;
    dockIdleHideMinutes: number;
    pruneAfterHours: number;
    maxSpawnDepth: number;
    defaultKind: string;
    model?: string;
    silentMinutes: number;
    waitingMinutes: number;
    reminder: boolean;
    /** Per-worker spend (USD) after which the worker asks before going on; unset: no limit. */
    budgetUsd?: number;
  };
}

export const DEFAULT_CONFIG: Config = {
  worker: {
    maxActive: 8,
    dockIdleHideMinutes: 30,
    pruneAfterHours: 24,
    maxSpawnDepth: 2,
    defaultKind: "default",
    silentMinutes: 5,
    waitingMinutes: 30,
    reminder: true,
  },
};

/** Defaults ← user file ← project file (both already parsed). */
export function mergeConfig(
  user: { worker?: Partial<Config["worker"]> },
  project: { worker?: Partial<Config["worker"]> },
): Config {
  const clean = <T extends object>(o: T | undefined) =>
    Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined));
  return { worker: { ...DEFAULT_CONFIG.worker, ...clean(user.worker), ...clean(project.worker) } };
}

export function userConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(agentDir(env), "docket.json");
}

export function projectConfigPath(projectRoot: string): string {
  return join(projectRoot, ".pi", "docket.json");
}
