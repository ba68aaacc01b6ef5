// Environment knobs every part of docket honours. Read lazily so tests can set them per process.
export { agentDir, docketHome } from "../fast/first-paint.cjs";

/** The pi command: $DOCKET_PI (may contain arguments, split on spaces) or `pi`. */
export function piCommand(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = (env.DOCKET_PI || "pi").trim();
  return raw.split(/\s+/).filter(Boolean);
}

/** Name of the shared tmux session holding worker windows. */
export const WORKER_SESSION = "docket-workers";
