// fzf glue: one fzf run over prepared rows, its outcome as a result or a one-line error.
import { childProcess } from "../core/builtins.js";
import { DocketError } from "../core/errors.js";

export const FZF_MISSING =
  "fzf not found on PATH; docket's popups need it (apt install fzf, brew install fzf, or see github.com/junegunn/fzf)";

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
  const r = childProcess().spawnSync("fzf", [...FZF_BASE_ARGS, ...fzfArgv(run)], {
    input: run.rows.join("\n") + "\n",
    encoding: "utf8",
    stdio: ["pipe", "pipe", "inherit"],
    maxBuffer: 16 * 1024 * 1024,
  });
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

// ─── fzf as a process: started first, fed its rows when they are ready (fzf starts while we read).

export interface FzfRaw {
  code: number | null;
  stdout: string;
  error?: Error;
}

export interface StartedFzf {
  /** Send the rows (once); fzf reads them while it draws. */
  feed(rows: string[]): void;
  /** Resolves once the rows and their EOF are through the pipe: fzf has its whole list. */
  sent: Promise<void>;
  done: Promise<FzfRaw>;
  kill(): void;
}

/**
 * What every docket fzf depends on, put back over the person's FZF_DEFAULT_OPTS (fzf reads those
 * first; the command line wins): the whole popup (no --height, no border, margin or padding), input
 * order, one pick, and output docket can parse. Their colours, prompt and extra bindings stay. Each
 * fzf's own options come after these (its layout, --multi, --expect, --header-lines, bindings).
 * All of them exist in fzf 0.38, the oldest docket supports.
 */
export const FZF_BASE_ARGS = [
  "--no-height",
  "--no-border",
  "--margin=0",
  "--padding=0",
  "--layout=default",
  "--no-tac",
  "--no-multi",
  "--no-select-1",
  "--no-exit-0",
  "--no-print-query",
  "--no-expect",
  "--no-read0",
  "--no-print0",
  "--no-sync",
  "--no-header",
  "--header-lines=0",
  "--no-preview",
];

/** Start fzf with FZF_BASE_ARGS, then `argv`. */
export function startFzf(argv: string[]): StartedFzf {
  const child = childProcess().spawn("fzf", [...FZF_BASE_ARGS, ...argv], { stdio: ["pipe", "pipe", "inherit"] });
  const out: Buffer[] = [];
  child.stdout.on("data", (b: Buffer) => out.push(b));
  child.stdin.on("error", () => undefined); // fzf gone early (missing, or quit at once): the exit says why
  const done = new Promise<FzfRaw>((resolve) => {
    child.once("error", (error) => resolve({ code: null, stdout: "", error }));
    child.once("close", (code) => resolve({ code, stdout: Buffer.concat(out).toString("utf8") }));
  });
  const sent = new Promise<void>((resolve) => {
    for (const ev of ["finish", "close", "error"]) child.stdin.once(ev, () => resolve());
    child.once("error", () => resolve());
  });
  return {
    feed: (rows) => void child.stdin.end(rows.join("\n") + "\n"),
    sent,
    done,
    kill: () => void child.kill("SIGTERM"),
  };
}
