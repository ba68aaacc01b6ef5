// Every worker's status.json: the raw walk of the store and the one list reader built on it, used by the
// CLI, the popups and the status line alike. Node built-ins only.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import type { WorkerStatus } from "../core/schema.js";
import { ID_PATTERN, workerPaths, workersDir } from "./layout.js";
import { checkStatusText } from "./status-record.js";

export interface BadRecord {
  id: string;
  file: string;
  problem: string;
}

export interface RawStatus {
  id: string;
  file: string;
  raw: string;
}

export function readStatusFiles(home: string): RawStatus[] {
  const dir = workersDir(home);
  if (!existsSync(dir)) return [];
  const out: RawStatus[] = [];
  for (const id of readdirSync(dir)) {
    if (!ID_PATTERN.test(id)) continue;
    const file = workerPaths(home, id).status;
    try {
      out.push({ id, file, raw: readFileSync(file, "utf8") });
    } catch {
      /* a worker being created or deleted right now */
    }
  }
  return out;
}

/** All worker records by index; unreadable ones are reported (file and field), so one bad file hides nothing else. */
export function listWorkers(home: string): { workers: WorkerStatus[]; bad: BadRecord[] } {
  const workers: WorkerStatus[] = [];
  const bad: BadRecord[] = [];
  for (const { id, file, raw } of readStatusFiles(home)) {
    try {
      workers.push(checkStatusText(file, raw));
    } catch (err) {
      bad.push({ id, file, problem: (err as Error).message });
    }
  }
  workers.sort((a, b) => a.index - b.index);
  return { workers, bad };
}
