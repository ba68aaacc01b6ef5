// Synchronous tmux calls for popups, via node:child_process only: popups must paint fast and
// execa alone costs more to load than a tmux round trip. Same socket rules as client.ts.
import { spawnSync } from "node:child_process";
import { DocketError } from "../core/errors.js";

/** Mirrors socketArgs() in client.ts (kept import-free of execa on purpose). */
export function popupSocketArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.DOCKET_TMUX_SOCKET) return ["-L", env.DOCKET_TMUX_SOCKET];
  if (env.DOCKET_TMUX_SOCKET_PATH) return ["-S", env.DOCKET_TMUX_SOCKET_PATH];
  const inside = env.TMUX?.split(",")[0];
  return inside ? ["-S", inside] : [];
}

export interface SyncResult {
  code: number;
  out: string;
  err: string;
}

/** tmux treats an argument ending in ';' as a separator; escape it (commands here are single). */
const esc = (a: string) => (a.endsWith(";") ? a.slice(0, -1) + "\\;" : a);

export function tmuxPopup(args: string[], input?: string): SyncResult {
  const r = spawnSync("tmux", [...popupSocketArgs(), ...args.map(esc)], { input, encoding: "utf8", stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
  if (r.error) return { code: 127, out: "", err: (r.error as NodeJS.ErrnoException).code === "ENOENT" ? "tmux not found on PATH" : r.error.message };
  return { code: r.status ?? 1, out: (r.stdout ?? "").replace(/\n$/, ""), err: r.stderr ?? "" };
}

export function tmuxPopupOrThrow(args: string[], input?: string): string {
  const r = tmuxPopup(args, input);
  if (r.code !== 0) throw new DocketError(`tmux ${args[0]}: ${r.err.trim().split("\n")[0] || "failed"}`);
  return r.out;
}
