// The model a spawn names (--model or the kind's `model`) must be one pi knows, checked before
// anything is created. `pi --list-models` costs a pi start (about a second and a half of CPU), so a
// hit is cached in <home>/cache/pi-models.json, keyed by the pi command and the mtimes of pi's
// models.json and auth.json: a model found there is taken as known; anything else asks pi again.
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { agentDir } from "../core/env.js";
import { DocketError } from "../core/errors.js";
import { listPiModels, modelIn } from "../core/models.js";

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function cacheKey(pi: string[], env: NodeJS.ProcessEnv): string {
  const dir = agentDir(env);
  return JSON.stringify([pi, mtime(join(dir, "models.json")), mtime(join(dir, "auth.json"))]);
}

function readCache(file: string, key: string): string[] | undefined {
  try {
    const j = JSON.parse(readFileSync(file, "utf8")) as { key?: unknown; models?: unknown };
    return j.key === key && Array.isArray(j.models) && j.models.every((m) => typeof m === "string")
      ? (j.models as string[])
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Throws a one-line DocketError when pi does not know `model`. When pi cannot list its models at
 * all, `warn` says so and the spawn goes on (pi itself reports a bad model in the window).
 */
export function checkNamedModel(
  home: string,
  pi: string[],
  model: string,
  env: NodeJS.ProcessEnv,
  warn: (l: string) => void,
): void {
  const file = join(home, "cache", "pi-models.json");
  const key = cacheKey(pi, env);
  const cached = readCache(file, key);
  if (cached && modelIn(cached, model)) return;
  const r = listPiModels(pi, env);
  if (!r.ok) {
    warn(`cannot check model ${model}: \`pi --list-models\` failed (${r.why})`);
    return;
  }
  try {
    mkdirSync(join(home, "cache"), { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify({ key, models: r.models }), { mode: 0o600 });
  } catch {
    /* a cache that cannot be written only costs the next spawn a listing */
  }
  if (!modelIn(r.models, model))
    throw new DocketError(`model ${model} is not one pi knows; pi --list-models lists them`);
}
