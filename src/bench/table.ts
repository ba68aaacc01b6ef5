// One row of the bench table, and the printer. Every figure sits next to a baseline measured in
// the same run, so a reader compares ratios on one machine, not absolute numbers across machines.

export interface BenchRow {
  /** What was measured, e.g. "inbox popup first paint". */
  name: string;
  /** The measured figure (median when repeated). */
  value: number;
  /** "ms", "MB", "ms/worker", "count"… */
  unit: string;
  /** The same kind of figure for the baseline, measured in this run. */
  baseline?: number;
  /** What the baseline is, e.g. "node -e 0". */
  baselineName?: string;
  /** value / baseline; filled in by the printer when missing. */
  ratio?: number;
  /** What we aim for, in words ("< 2× node -e 0", "none"). */
  goal?: string;
  /** Anything a reader must know: sample count, "not available yet", why skipped. */
  note?: string;
}

/**
 * A bench module: measures one area and returns its rows. Convention: `src/bench/<area>.ts`
 * default-exports a BenchModule (status.ts, popups.ts, search.ts are run when present).
 * Throwing is allowed: main.ts turns the error into a row with the message as note.
 */
export type BenchModule = (ctx: BenchContext) => Promise<BenchRow[]>;

/** What every bench module gets: a private world that never touches the user's tmux server or ~/.pi. */
export interface BenchContext {
  /** Project root (where dist/ and bin/docket live). */
  root: string;
  /** Path of bin/docket. */
  docketBin: string;
  /** Environment for docket/tmux/pi: private DOCKET_HOME, DOCKET_TMUX_SOCKET, PI_CODING_AGENT_DIR, TMUX_TMPDIR. */
  env: NodeJS.ProcessEnv;
  /** Scratch directory for this run (removed afterwards). */
  tmp: string;
  /** How many repetitions to take for a timing (median reported). */
  reps: number;
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function fmt(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return "-";
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** Render rows as one plain-text table (monospace, no colours: it ends up in CI logs and docs). */
export function renderTable(rows: BenchRow[]): string {
  const head = ["measure", "value", "baseline", "ratio", "goal", "note"];
  const body = rows.map((r) => {
    const ratio = r.ratio ?? (r.baseline && Number.isFinite(r.value) ? r.value / r.baseline : undefined);
    return [
      r.name,
      Number.isNaN(r.value) ? "-" : `${fmt(r.value)} ${r.unit}`,
      r.baseline === undefined ? "" : `${fmt(r.baseline)} ${r.unit}${r.baselineName ? ` (${r.baselineName})` : ""}`,
      ratio === undefined ? "" : `${fmt(ratio)}×`,
      r.goal ?? "",
      r.note ?? "",
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}
