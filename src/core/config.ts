// docket.json: user file in the agent dir, overridden per project by <repo>/.pi/docket.json.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { DocketError } from "./errors.js";
import { parseJson } from "./parse.js";
import { mergeConfig, projectConfigPath, userConfigPath, type Config } from "./config-defaults.js";

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

// Config, DEFAULT_CONFIG and the layering live in zod-free config-defaults.ts (the popups use them).
export { DEFAULT_CONFIG, projectConfigPath, userConfigPath, type Config } from "./config-defaults.js";

/** Parse one config file; missing file → {}; bad JSON or keys → DocketError naming file and key. */
export function readConfigFile(file: string): z.infer<typeof ConfigFile> {
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new DocketError(`config ${file}: cannot read (${(err as Error).message})`);
  }
  return parseJson(ConfigFile, `config ${file}`, raw);
}



/** Defaults ← user file ← project file. */
export function loadConfig(projectRoot?: string, env: NodeJS.ProcessEnv = process.env): Config {
  const user = readConfigFile(userConfigPath(env));
  const project = projectRoot ? readConfigFile(projectConfigPath(projectRoot)) : {};
  return mergeConfig(user, project);
}
