// The raw status.json of every worker dir. Node built-ins only: both the zod reader (workers.ts) and
// the popups' zod-free reader (quick-read.ts) walk the store through this one function.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { ID_PATTERN, workerPaths, workersDir } from "./layout.js";

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
