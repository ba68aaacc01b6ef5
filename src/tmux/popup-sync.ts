// tmux calls for popups, on top of lite.ts (node built-ins only: popups must paint fast, and execa
// alone costs more to load than a tmux round trip).
import { DocketError } from "../core/errors.js";
import { socketArgs, tmuxSync } from "./runner.js";

export { socketArgs as popupSocketArgs };

export interface SyncResult {
  code: number;
  out: string;
  err: string;
}

export function tmuxPopup(args: string[]): SyncResult {
  const r = tmuxSync(args);
  return { code: r.ok ? 0 : 1, out: r.stdout.replace(/\n$/, ""), err: r.stderr };
}

export function tmuxPopupOrThrow(args: string[]): string {
  const r = tmuxPopup(args);
  if (r.code !== 0) throw new DocketError(`tmux ${args[0]}: ${r.err.trim().split("\n")[0] || "failed"}`);
  return r.out;
}
