// Store readers for the popups, which must paint in about one node start: files are parsed with the
// zod-free checkers (core/quick-schema.ts). Only a file they reject loads zod, to parse it again and
// report it exactly as the CLI does (file and field), so one bad file costs time, never correctness.
import { readFileSync } from "node:fs";
import { mergeConfig, projectConfigPath, userConfigPath, type Config } from "../core/config-defaults.js";
import { FAIL, type Check } from "../core/quick-check.js";
import { QuickArtifacts, QuickConfigFile, QuickWorkerStatus } from "../core/quick-schema.js";
import type { Artifact, WorkerStatus } from "../core/schema.js";
import { workerPaths } from "./layout.js";
import type { BadRecord } from "./workers.js";
import { readStatusFiles, type RawStatus } from "./status-files.js";

/** JSON text through a quick checker; undefined when either rejects it. */
function quick<T>(check: Check<T>, raw: string): T | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const r = check(json);
  return r === FAIL ? undefined : r;
}

/** listWorkers (store/workers.ts) with the same result: records sorted by index, unreadable ones in `bad`. */
export async function listWorkersQuick(home: string): Promise<{ workers: WorkerStatus[]; bad: BadRecord[] }> {
  const workers: WorkerStatus[] = [];
  const bad: BadRecord[] = [];
  const slow: RawStatus[] = [];
  for (const r of readStatusFiles(home)) {
    const w = quick(QuickWorkerStatus, r.raw);
    if (w) workers.push(w as WorkerStatus);
    else slow.push(r);
  }
  if (slow.length) {
    const { parseStatus } = await import("./workers.js");
    for (const s of slow) {
      try {
        workers.push(parseStatus(s.file, s.raw));
      } catch (err) {
        bad.push({ id: s.id, file: s.file, problem: (err as Error).message });
      }
    }
  }
  workers.sort((a, b) => a.index - b.index);
  return { workers, bad };
}

/** Evidence items of each worker that has an artifacts.json; an unreadable file counts as none. */
export async function readArtifactsQuick(home: string, ids: string[]): Promise<Map<string, Artifact[]>> {
  const out = new Map<string, Artifact[]>();
  const slow: { id: string; raw: string }[] = [];
  for (const id of ids) {
    let raw: string;
    try {
      raw = readFileSync(workerPaths(home, id).artifacts, "utf8");
    } catch {
      continue;
    }
    if (!raw) continue;
    const a = quick(QuickArtifacts, raw);
    if (a) out.set(id, a.items as Artifact[]);
    else slow.push({ id, raw });
  }
  if (slow.length) {
    const { Artifacts } = await import("../core/schema.js");
    for (const s of slow) {
      let items: Artifact[] = [];
      try {
        const parsed = Artifacts.safeParse(JSON.parse(s.raw));
        if (parsed.success) items = parsed.data.items;
      } catch {
        /* invalid JSON: no evidence */
      }
      out.set(s.id, items);
    }
  }
  return out;
}

/** loadConfig (core/config.ts) without zod while the files are well-formed; throws like it on a bad one. */
export async function loadConfigQuick(projectRoot?: string, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  const files = [userConfigPath(env), ...(projectRoot ? [projectConfigPath(projectRoot)] : [])];
  const parsed: { worker?: Partial<Config["worker"]> }[] = [];
  for (const file of files) {
    let raw: string;
    try {
      raw = readFileSync(file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        parsed.push({});
        continue;
      }
      break; // unreadable: config.ts says why
    }
    const c = quick(QuickConfigFile, raw);
    if (!c) break;
    parsed.push(c);
  }
  if (parsed.length < files.length) return (await import("../core/config.js")).loadConfig(projectRoot, env);
  return mergeConfig(parsed[0] ?? {}, parsed[1] ?? {});
}
