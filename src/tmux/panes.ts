// Reading a pane: its text (never its size or focus), and whether it is still there.
import { tmuxSync, tmuxTry } from "./runner.js";

/** The visible text and recent history of this process's tmux pane ("" outside tmux). */
export function ownPaneText(env: NodeJS.ProcessEnv = process.env): string {
  const pane = env.TMUX_PANE;
  if (!pane) return "";
  const r = tmuxSync(["capture-pane", "-p", "-J", "-t", pane, "-S", "-100"], env);
  return r.ok ? r.stdout : "";
}

/**
 * Whether pane `id` (%N) runs, is dead (kept by remain-on-exit), or is gone (or its server is). tmux 3.3
 * answers `display-message -t` for a pane that no longer exists with empty formats and exit 0, so
 * the pane is known to be there only when its own id comes back.
 */
export async function paneState(id: string, env: NodeJS.ProcessEnv = process.env): Promise<"alive" | "dead" | "gone"> {
  const r = await tmuxTry(["display-message", "-p", "-t", id, "#{pane_id} #{pane_dead}"], { env });
  const [got, dead] = r.stdout.trim().split(" ");
  if (!r.ok || got !== id) return "gone";
  return dead === "1" ? "dead" : "alive";
}
