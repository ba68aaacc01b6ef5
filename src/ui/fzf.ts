// fzf glue: one synchronous fzf run over prepared rows. fzf draws on /dev/tty; rows go in on stdin.
import { spawnSync } from "node:child_process";
import { DocketError } from "../core/errors.js";

export const FZF_MISSING = "fzf not found on PATH; docket's popups need it (apt install fzf, brew install fzf, or see github.com/junegunn/fzf)";

export interface FzfRun {
  rows: string[];
  args: string[];
  /** Keys that end fzf and are reported (fzf --expect). */
  expect?: string[];
}

export interface FzfResult {
  /** The --expect key pressed ("" for Enter), or "abort" (Esc / q / ctrl-c). */
  key: string;
  selected: string[];
}

export function runFzf(run: FzfRun): FzfResult {
  const args = [...run.args];
  if (run.expect?.length) args.push(`--expect=${run.expect.join(",")}`);
  const r = spawnSync("fzf", args, { input: run.rows.join("\n") + "\n", encoding: "utf8", stdio: ["pipe", "pipe", "inherit"], maxBuffer: 16 * 1024 * 1024 });
  if (r.error) {
    if ((r.error as NodeJS.ErrnoException).code === "ENOENT") throw new DocketError(FZF_MISSING);
    throw new DocketError(`fzf: ${r.error.message}`);
  }
  // 130: aborted; 1: no match; 2: error (bad option, usually an old fzf).
  if (r.status === 130 || r.status === 1) return { key: "abort", selected: [] };
  if (r.status !== 0) throw new DocketError(`fzf exited with status ${r.status}; docket needs fzf 0.38 or newer`);
  const lines = r.stdout.replace(/\n$/, "").split("\n");
  if (run.expect?.length) {
    const key = lines.shift() ?? "";
    return { key, selected: lines.filter(Boolean) };
  }
  return { key: "", selected: lines.filter(Boolean) };
}

/** Leading tab-separated field of a selected row (our row key). */
export function rowKey(row: string | undefined): string | undefined {
  return row?.split("\t")[0];
}
