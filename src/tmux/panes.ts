// Reading a pane's text (never its size or focus).
import { tmuxSync } from "./runner.js";

/** The visible text and recent history of this process's tmux pane ("" outside tmux). */
export function ownPaneText(env: NodeJS.ProcessEnv = process.env): string {
  const pane = env.TMUX_PANE;
  if (!pane) return "";
  const r = tmuxSync(["capture-pane", "-p", "-J", "-t", pane, "-S", "-100"], env);
  return r.ok ? r.stdout : "";
}
