// Environment knobs every part of docket honours. Read lazily so tests can set them per process.
import { homedir } from "node:os";
import { join } from "node:path";

/** pi's agent dir: $PI_CODING_AGENT_DIR or ~/.pi/agent. */
export function agentDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PI_CODING_AGENT_DIR || join(homedir(), ".pi", "agent");
}

/** Store root: $DOCKET_HOME or <agentDir>/docket. */
export function docketHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKET_HOME || join(agentDir(env), "docket");
}

/** The pi command: $DOCKET_PI (may contain arguments, split on spaces) or `pi`. */
export function piCommand(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = (env.DOCKET_PI || "pi").trim();
  return raw.split(/\s+/).filter(Boolean);
}

/** Name of the shared tmux session holding worker windows. */
export const WORKER_SESSION = "docket-workers";
