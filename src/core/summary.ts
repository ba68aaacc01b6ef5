// The fleet summary shown in the tmux status line and by `docket status`. Pure, no imports:
// publishFleet (loaded by the worker extension) uses it at runtime.

/** The few status fields the summary needs (a WorkerStatus satisfies this). */
export interface SummaryWorker {
  label: string;
  state: string;
  reviewedAt?: string;
  createdAt?: string;
  startedAt?: string;
  heartbeatAt?: string;
  lastActivityAt?: string;
  question?: { askedAt?: string; answeredAt?: string };
}

export interface AgeWarning {
  kind: "waiting" | "silent";
  label: string;
  minutes: number;
}

export interface FleetSummary {
  /** needs_input with an unanswered question. */
  waiting: number;
  /** failed or error, not yet reviewed. */
  failed: number;
  /** ready, not yet reviewed. */
  ready: number;
  /** starting, active or idle. */
  running: number;
  total: number;
  /** The most pressing age warning, if any. */
  warning?: AgeWarning;
}

export interface WarnThresholds {
  silentMinutes: number;
  waitingMinutes: number;
}

function minutesSince(iso: string | undefined, now: number): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? Math.max(0, Math.floor((now - t) / 60_000)) : undefined;
}

// Fallback until src/core/warnings.ts (issue 5) lands; then this delegates to it.
function ageWarning(w: SummaryWorker, now: number, th: WarnThresholds): AgeWarning | undefined {
  if (w.state === "needs_input") {
    const m = minutesSince(w.question?.askedAt, now);
    if (m !== undefined && m >= th.waitingMinutes) return { kind: "waiting", label: w.label, minutes: m };
  }
  if (w.state === "active" || w.state === "starting") {
    const m = minutesSince(w.lastActivityAt ?? w.startedAt ?? w.createdAt, now);
    if (m !== undefined && m >= th.silentMinutes) return { kind: "silent", label: w.label, minutes: m };
  }
  return undefined;
}

export function summarize(workers: SummaryWorker[], now: number, th: WarnThresholds): FleetSummary {
  const s: FleetSummary = { waiting: 0, failed: 0, ready: 0, running: 0, total: workers.length };
  for (const w of workers) {
    switch (w.state) {
      case "needs_input":
        if (!w.question?.answeredAt) s.waiting++;
        break;
      case "failed":
      case "error":
        if (!w.reviewedAt) s.failed++;
        break;
      case "ready":
        if (!w.reviewedAt) s.ready++;
        break;
      case "starting":
      case "active":
      case "idle":
        s.running++;
        break;
    }
    const warn = ageWarning(w, now, th);
    // A waiting person outranks a silent worker; within a kind, the oldest wins.
    if (warn && (!s.warning || rank(warn) > rank(s.warning))) s.warning = warn;
  }
  return s;
}

function rank(w: AgeWarning): number {
  return (w.kind === "waiting" ? 1e9 : 0) + w.minutes;
}

export interface SummaryFormat {
  /** Template with {waiting} {failed} {ready} {running} {warn}; empty parts vanish. */
  template: string;
  icons: { waiting: string; failed: string; ready: string; running: string };
  /** tmux styles (`fg=red,bold`); "none" or "" means no markup. */
  styles: { waiting: string; failed: string; ready: string; running: string; warn: string };
  /** Shown when nothing needs you and nothing runs. */
  idle: string;
}

export const DEFAULT_FORMAT: SummaryFormat = {
  template: "{waiting} {failed} {ready} {running} {warn}",
  icons: { waiting: "?", failed: "✗", ready: "✓", running: "●" },
  styles: { waiting: "none", failed: "none", ready: "none", running: "none", warn: "none" },
  idle: "·",
};

export function formatAge(minutes: number): string {
  if (minutes < 60) return `${minutes}m`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)}h`;
  return `${Math.floor(minutes / 1440)}d`;
}

export function warningText(w: AgeWarning): string {
  return `${w.kind} ${formatAge(w.minutes)}`;
}

function styled(text: string, style: string): string {
  const st = style.trim();
  if (!text || !st || st === "none") return text;
  return `#[${st}]${text}#[default]`;
}

/** The compact line, e.g. `? 2 ✗ 1 ✓ 3 ● 4 waiting 31m`; parts at zero are left out. */
export function formatSummary(s: FleetSummary, f: SummaryFormat = DEFAULT_FORMAT): string {
  const part = (k: "waiting" | "failed" | "ready" | "running") => (s[k] > 0 ? styled(`${f.icons[k]} ${s[k]}`, f.styles[k]) : "");
  const parts: Record<string, string> = {
    waiting: part("waiting"),
    failed: part("failed"),
    ready: part("ready"),
    running: part("running"),
    warn: s.warning ? styled(warningText(s.warning), f.styles.warn) : "",
  };
  const line = f.template
    .replace(/\{(waiting|failed|ready|running|warn)\}/g, (_, k: string) => parts[k] ?? "")
    .replace(/ {2,}/g, " ")
    .trim();
  const anything = s.waiting + s.failed + s.ready + s.running > 0 || s.warning !== undefined;
  return anything ? line : f.idle;
}
