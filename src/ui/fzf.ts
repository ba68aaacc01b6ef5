// fzf glue: one fzf run over prepared rows. fzf draws on /dev/tty; rows go in on stdin.
import { spawn, spawnSync } from "node:child_process";
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
  const r = spawnSync("fzf", fzfArgv(run), { input: run.rows.join("\n") + "\n", encoding: "utf8", stdio: ["pipe", "pipe", "inherit"], maxBuffer: 16 * 1024 * 1024 });
  if (r.error) throw spawnError(r.error);
  return fzfResult(run, r.status, r.stdout);
}

/**
 * runFzf, but `meanwhile` runs right after fzf has its rows (while it starts and draws): work the first
 * paint does not need, such as the previews of rows the cursor is not on yet.
 */
export async function runFzfWhile(run: FzfRun, meanwhile: () => void): Promise<FzfResult> {
  const child = spawn("fzf", fzfArgv(run), { stdio: ["pipe", "pipe", "inherit"] });
  const out: Buffer[] = [];
  child.stdout.on("data", (b: Buffer) => out.push(b));
  child.stdin.on("error", () => undefined); // fzf gone early (missing, or quit at once): the exit says why
  const done = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once("error", (error) => resolve({ code: null, error }));
    child.once("close", (code) => resolve({ code }));
  });
  // Wait until the rows and their EOF are through the pipe (a turn of the event loop), so fzf has its
  // whole list (and fires its load event) while `meanwhile` runs.
  const sent = new Promise<void>((resolve) => {
    for (const ev of ["finish", "close", "error"]) child.stdin.once(ev, () => resolve());
    child.once("error", () => resolve());
  });
  child.stdin.end(run.rows.join("\n") + "\n");
  await sent;
  try {
    meanwhile();
  } catch (err) {
    child.kill("SIGTERM"); // never leave fzf holding the terminal after we gave up
    await done;
    throw err;
  }
  const r = await done;
  if (r.error) throw spawnError(r.error);
  return fzfResult(run, r.code, Buffer.concat(out).toString("utf8"));
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

function fzfResult(run: FzfRun, status: number | null, stdout: string): FzfResult {
  // 130: aborted; 1: no match; 2: error (bad option, usually an old fzf).
  if (status === 130 || status === 1) return { key: "abort", selected: [] };
  if (status !== 0) throw new DocketError(`fzf exited with status ${status}; docket needs fzf 0.38 or newer`);
  const lines = stdout.replace(/\n$/, "").split("\n");
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
