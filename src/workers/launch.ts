// How a worker's pi is launched: the pi command, its argv, launch.json for the wrapper (dist/run.js).
import { accessSync, constants, existsSync, readdirSync, statSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { agentDir, piCommand } from "../core/env.js";
import { DocketError } from "../core/errors.js";
import { writeJsonAtomic } from "../store/fsutil.js";
import { builtEntry, packageRoot } from "../store/paths.js";

export const PACKAGE_ROOT = packageRoot();
export const EXTENSION_PATH = builtEntry("extension");
export const RUN_WRAPPER = builtEntry("wrapper");
export const CLI_MAIN = builtEntry("cli");

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** $DOCKET_PI (or `pi`) with its program resolved to an absolute path; fails before anything is created. */
export function resolvePi(env: NodeJS.ProcessEnv = process.env): string[] {
  const [prog, ...rest] = piCommand(env);
  if (!prog) throw new DocketError("pi not found: DOCKET_PI is empty");
  if (prog.includes("/")) {
    const abs = isAbsolute(prog) ? prog : resolve(prog);
    if (!executable(abs))
      throw new DocketError(`pi not found: ${prog} is not an executable file (set DOCKET_PI or put pi on PATH)`);
    return [abs, ...rest];
  }
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir && executable(join(dir, prog))) return [join(dir, prog), ...rest];
  }
  throw new DocketError(`pi not found: no ${prog} on PATH (install pi or set DOCKET_PI)`);
}

export interface PiLaunch {
  pi: string[];
  sessionDir: string;
  /** "provider/model" or "model". */
  model?: string;
  /** pi's --thinking level. */
  thinking?: string;
  /** fork: start a new session from this file (--seed); resume: continue this file (respawn). */
  session?: { mode: "fork" | "resume"; file: string };
  /** resume the newest session in sessionDir (respawn when no file is known). */
  continueLatest?: boolean;
  prompt: string;
}

export function splitModel(model: string): { provider?: string; model: string } {
  const i = model.indexOf("/");
  if (i <= 0) return { model };
  return { provider: model.slice(0, i), model: model.slice(i + 1) };
}

/** pi's argv, hermetic: no discovered extensions, only docket's. The prompt is one argv element. */
export function piArgv(l: PiLaunch): string[] {
  const argv = [...l.pi, "--no-extensions", "-e", EXTENSION_PATH, "--session-dir", l.sessionDir];
  if (l.model) {
    const m = splitModel(l.model);
    if (m.provider) argv.push("--provider", m.provider);
    argv.push("--model", m.model);
  }
  if (l.thinking) argv.push("--thinking", l.thinking);
  if (l.session) argv.push(l.session.mode === "fork" ? "--fork" : "--session", l.session.file);
  else if (l.continueLatest) argv.push("--continue");
  argv.push(l.prompt);
  return argv;
}

export interface LaunchFile {
  argv: string[];
  cwd: string;
}

export function writeLaunch(workerDir: string, launch: LaunchFile): void {
  writeJsonAtomic(join(workerDir, "launch.json"), launch);
}

/** pi's own sessions dir for a cwd (mirrors pi's getDefaultSessionDir naming). */
export function piSessionsDirFor(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const safe = `--${cwd.replace(/^[/\\]/, "").replace(/[/\\:]/g, "-")}--`;
  return join(agentDir(env), "sessions", safe);
}

/** Newest *.jsonl in a dir (pi names files <timestamp>_<uuid>.jsonl), or undefined. */
export function latestSessionFile(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  let best: { file: string; mtime: number } | undefined;
  for (const n of readdirSync(dir)) {
    if (!n.endsWith(".jsonl")) continue;
    const file = join(dir, n);
    try {
      const mtime = statSync(file).mtimeMs;
      if (!best || mtime > best.mtime || (mtime === best.mtime && file > best.file)) best = { file, mtime };
    } catch {
      /* vanished */
    }
  }
  return best?.file;
}
