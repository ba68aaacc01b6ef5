// A store, a pi agent dir and a project (with .git) in a temp dir, made the process's DOCKET_HOME and
// PI_CODING_AGENT_DIR for in-process tests of views; close() puts the environment back and removes it.
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TempStore {
  tmp: string;
  home: string;
  agent: string;
  project: string;
  close(): void;
}

export function openTempStore(prefix: string): TempStore {
  const saved = { PI_CODING_AGENT_DIR: process.env.PI_CODING_AGENT_DIR, DOCKET_HOME: process.env.DOCKET_HOME };
  const tmp = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const s = { tmp, home: join(tmp, "home"), agent: join(tmp, "pi-agent"), project: join(tmp, "repo") };
  mkdirSync(s.agent, { recursive: true });
  mkdirSync(join(s.project, ".git"), { recursive: true });
  process.env.PI_CODING_AGENT_DIR = s.agent;
  process.env.DOCKET_HOME = s.home;
  return {
    ...s,
    close() {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
