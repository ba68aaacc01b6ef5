// docket.json: user file in the agent dir, overridden per project by <repo>/.pi/docket.json.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { agentDir } from "./env.js";
import { DocketError } from "./errors.js";

const WorkerConfig = z.strictObject({
  maxActive: z.number().int().min(1).max(64).optional(),
  dockIdleHideMinutes: z.number().min(0).optional(),
  pruneAfterHours: z.number().min(0).optional(),
  maxSpawnDepth: z.number().int().min(0).max(8).optional(),
  defaultKind: z.string().optional(),
  model: z.string().optional(),
  silentMinutes: z.number().min(0).optional(),
  waitingMinutes: z.number().min(0).optional(),
  reminder: z.boolean().optional(),
});

export const ConfigFile = z.strictObject({
  $schema: z.string().optional(),
  worker: WorkerConfig.optional(),
});

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

/** Parse one config file; missing file → {}; bad JSON or keys → DocketError naming file and key. */
export function readConfigFile(file: string): z.infer<typeof ConfigFile> {
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new DocketError(`config ${file}: cannot read (${(err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new DocketError(`config ${file}: invalid JSON (${(err as Error).message})`);
  }
  const parsed = ConfigFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const keys = issue.code === "unrecognized_keys" ? (issue as { keys: string[] }).keys : [];
    const path = [...issue.path, ...keys.slice(0, 1)].join(".") || "(root)";
    const why = issue.code === "unrecognized_keys" ? "unknown key" : issue.message;
    throw new DocketError(`config ${file}: ${path}: ${why}`);
  }
  return parsed.data;
}

export function userConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(agentDir(env), "docket.json");
}

export function projectConfigPath(projectRoot: string): string {
  return join(projectRoot, ".pi", "docket.json");
}

/** Defaults ← user file ← project file. */
export function loadConfig(projectRoot?: string, env: NodeJS.ProcessEnv = process.env): Config {
  const user = readConfigFile(userConfigPath(env));
  const project = projectRoot ? readConfigFile(projectConfigPath(projectRoot)) : {};
  const clean = <T extends object>(o: T | undefined) =>
    Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined));
  return {
    worker: { ...DEFAULT_CONFIG.worker, ...clean(user.worker), ...clean(project.worker) },
  };
}
