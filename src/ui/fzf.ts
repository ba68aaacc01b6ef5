// fzf glue: one fzf run over prepared rows, its outcome as a result or a one-line error.
// The spawning itself lives in fast/first-paint.cts (the inbox's first paint starts fzf too).
import { spawnSync } from "node:child_process";
import { DocketError } from "../core/errors.js";
import { FZF_BASE_ARGS, startFzf, type FzfRaw, type StartedFzf } from "../fast/first-paint.cjs";

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
  const r = spawnSync("fzf", [...FZF_BASE_ARGS, ...fzfArgv(run)], { input: run.rows.join("\n") + "\n", encoding: "utf8", stdio: ["pipe", "pipe", "inherit"], maxBuffer: 16 * 1024 * 1024 });
  return fzfOutcome({ code: r.status, stdout: r.stdout ?? "", error: r.error }, (run.expect?.length ?? 0) > 0);
}

/**
 * runFzf, but `meanwhile` runs right after fzf has its rows (while it starts and draws): work the first
 * paint does not need, such as the previews of rows the cursor is not on yet.
 */
export async function runFzfWhile(run: FzfRun, meanwhile: () => void): Promise<FzfResult> {
  const fzf = startFzf(fzfArgv(run));
  fzf.feed(run.rows);
  return finishFzf(fzf, (run.expect?.length ?? 0) > 0, meanwhile);
}

/** Wait for a started fzf (after `meanwhile`, once it has its rows). `expects`: its argv has --expect. */
export async function finishFzf(fzf: StartedFzf, expects: boolean, meanwhile?: () => void): Promise<FzfResult> {
  await fzf.sent;
  try {
    meanwhile?.();
  } catch (err) {
    fzf.kill(); // never leave fzf holding the terminal after we gave up
    await fzf.done;
    throw err;
  }
  return fzfOutcome(await fzf.done, expects);
}

function fzfArgv(run: FzfRun): string[] {
  const args = [...run.args];
  if (run.expect?.length) args.push(`--expect=${run.expect.join(",")}`);
  return args;
}

function spawnError(err: Error): DocketError {
  if ((err as NodeJS.ErrnoException).code === "ENOENT") return new DocketError(FZF_MISSING);
  return new DocketError(`fzf: ${err.message}`);
}

export function fzfOutcome(r: FzfRaw, expects: boolean): FzfResult {
  if (r.error) throw spawnError(r.error);
  // 130: aborted; 1: no match; 2: error (bad option, usually an old fzf).
  if (r.code === 130 || r.code === 1) return { key: "abort", selected: [] };
  if (r.code !== 0) throw new DocketError(`fzf exited with status ${r.code}; docket needs fzf 0.38 or newer`);
  const lines = r.stdout.replace(/\n$/, "").split("\n");
  if (expects) {
    const key = lines.shift() ?? "";
    return { key, selected: lines.filter(Boolean) };
  }
  return { key: "", selected: lines.filter(Boolean) };
}

/** Leading tab-separated field of a selected row (our row key). */
export function rowKey(row: string | undefined): string | undefined {
  return row?.split("\t")[0];
}
