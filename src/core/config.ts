// docket.json: user file in the agent dir, overridden per project by <repo>/.pi/docket.json.
import { readFileSync } from "node:fs";
import { bool, int, number, obj, opt, str, type Infer } from "./check.js";
import { DocketError } from "./errors.js";
import { parseJson } from "./parse.js";
import { mergeConfig, projectConfigPath, userConfigPath, type Config } from "./config-defaults.js";

const WorkerConfig = obj(
  {
    maxActive: opt(int(1, 64)),
    dockIdleHideMinutes: opt(number(0)),
    pruneAfterHours: opt(number(0)),
    maxSpawnDepth: opt(int(0, 8)),
    defaultKind: opt(str),
    model: opt(str),
    silentMinutes: opt(number(0)),
    waitingMinutes: opt(number(0)),
    reminder: opt(bool),
    budgetUsd: opt(number(0)),
  },
  "strict",
);

/** One docket.json. Strict: a misspelt key is an error naming it, never silently ignored. */
export const ConfigFile = obj({ $schema: opt(str), worker: opt(WorkerConfig) }, "strict");
export type ConfigFile = Infer<typeof ConfigFile>;

// Config, DEFAULT_CONFIG and the layering live in config-defaults.ts (no file reading there).
export { DEFAULT_CONFIG, projectConfigPath, userConfigPath, type Config } from "./config-defaults.js";

/** Parse one config file; missing file → {}; bad JSON or keys → DocketError naming file and key. */
export function readConfigFile(file: string): ConfigFile {
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
