// DOCKET_TRACE=1: one stderr line per child process (git, tmux) and per spawn phase, with the time
// since the process started and how long it took. Node built-ins only (lite.ts and the extension
// load it); costs one env lookup when off.
import { performance } from "node:perf_hooks";

export function tracing(): boolean {
  return process.env.DOCKET_TRACE === "1";
}

/** Milliseconds since this process started (performance's time origin). */
export function traceNow(): number {
  return performance.now();
}

/** Report `what` that started at `since` (a traceNow() value). */
export function traceSince(what: string, since: number): void {
  if (!tracing()) return;
  const now = performance.now();
  process.stderr.write(
    `docket trace: +${now.toFixed(0).padStart(5)} ms  ${(now - since).toFixed(1).padStart(6)} ms  ${what}\n`,
  );
}

/** Time an async step when tracing; just run it otherwise. */
export async function traced<T>(what: string, fn: () => Promise<T>): Promise<T> {
  if (!tracing()) return fn();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    traceSince(what, t0);
  }
}

/** Synchronous twin of traced(). */
export function tracedSync<T>(what: string, fn: () => T): T {
  if (!tracing()) return fn();
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    traceSince(what, t0);
  }
}

/** A short name for a child process in a trace line: the program and its first few arguments. */
export function procLabel(prog: string, args: string[]): string {
  return [
    prog,
    ...args
      .filter((a) => a !== "\u0000;")
      .map((a) => (a === ";" ? ";" : a.length > 40 ? a.slice(0, 37) + "…" : a))
      .slice(0, 6),
  ]
    .join(" ")
    .replace(/\n/g, "⏎");
}
