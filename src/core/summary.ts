// The fleet summary shown in the tmux status line and by `docket status`. Pure; its imports
// (warnings.ts, eviction.ts) are import-free at runtime, so publishFleet (loaded by the extension) can use it.
import { isHidden, isSettled, type RestingWorker } from "./eviction.js";
import type { WorkerStatus } from "./schema.js";
import { fleetWarningsShort } from "./warnings.js";

/** The few status fields the summary needs (a WorkerStatus satisfies this). */
export interface SummaryWorker extends RestingWorker {
  label: string;
  state: string;
  reviewedAt?: string;
  loadedAt?: string;
  createdAt?: string;
  startedAt?: string;
  heartbeatAt?: string;
  lastActivityAt?: string;
  question?: { askedAt?: string; answeredAt?: string };
  /** docket_note heads-up: warned about until the worker is reviewed after it. */
  headsUp?: { at?: string };
}

/** A heads-up stands until the person reviews the worker after it was raised. */
export function headsUpOpen(w: Pick<SummaryWorker, "headsUp" | "reviewedAt">): boolean {
  const at = w.headsUp?.at;
  if (!at) return false;
  return !w.reviewedAt || w.reviewedAt < at;
}

/** `w3 heads-up` (+N more), newest first; "" when none stands. */
export function headsUpWarning(workers: SummaryWorker[]): string {
  const hits = workers.filter(headsUpOpen).sort((a, b) => (b.headsUp!.at! < a.headsUp!.at! ? -1 : 1));
  if (!hits.length) return "";
  return `${hits[0]!.label} heads-up${hits.length > 1 ? ` +${hits.length - 1}` : ""}`;
}

export interface FleetSummary {
  /** needs_input with an unanswered question. */
  waiting: number;
  /** failed, error or ended (exited without reporting), not yet reviewed or loaded (isSettled). */
  failed: number;
  /** ready, not yet reviewed or loaded (isSettled). */
  ready: number;
  /** starting, active or idle. */
  running: number;
  total: number;
  /** Age warnings and heads-ups, e.g. `w1 waiting 31m · w3 silent 6m · w4 heads-up` (empty when all is well). */
  warning: string;
}

export interface WarnThresholds {
  silentMinutes: number;
  waitingMinutes: number;
  /** Reviewed/ended workers at rest this long leave the counts, as they leave the inbox (isHidden). */
  dockIdleHideMinutes: number;
}

export function summarize(all: SummaryWorker[], now: number, th: WarnThresholds): FleetSummary {
  const workers = all.filter((w) => !isHidden(w, now, { worker: th }));
  const s: FleetSummary = { waiting: 0, failed: 0, ready: 0, running: 0, total: workers.length, warning: "" };
  for (const w of workers) {
    switch (w.state) {
      case "needs_input":
        if (!w.question?.answeredAt) s.waiting++;
        break;
      case "failed":
      case "error":
      case "ended": // exited without reporting: the inbox ranks it with the failures, so it counts here too
        // (a worker the person stopped is `stopped`: not a failure, not counted)
        if (!isSettled(w)) s.failed++;
        break;
      case "ready":
        if (!isSettled(w)) s.ready++;
        break;
      case "starting":
      case "active":
      case "idle":
        s.running++;
        break;
    }
  }
  // warnings.ts reads only the fields SummaryWorker carries.
  s.warning = [fleetWarningsShort(workers as unknown as WorkerStatus[], now, { worker: th }), headsUpWarning(workers)]
    .filter(Boolean)
    .join(" · ");
  return s;
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

function styled(text: string, style: string): string {
  const st = style.trim();
  if (!text || !st || st === "none") return text;
  return `#[${st}]${text}#[default]`;
}

/** The compact line, e.g. `? 2 ✗ 1 ✓ 3 ● 4 w1 waiting 31m`; parts at zero are left out. */
export function formatSummary(s: FleetSummary, f: SummaryFormat = DEFAULT_FORMAT): string {
  const part = (k: "waiting" | "failed" | "ready" | "running") =>
    s[k] > 0 ? styled(`${f.icons[k]} ${s[k]}`, f.styles[k]) : "";
  const parts: Record<string, string> = {
    waiting: part("waiting"),
    failed: part("failed"),
    ready: part("ready"),
    running: part("running"),
    warn: styled(s.warning, f.styles.warn),
  };
  const line = f.template
    .replace(/\{(waiting|failed|ready|running|warn)\}/g, (_, k: string) => parts[k] ?? "")
    .replace(/ {2,}/g, " ")
    .trim();
  const anything = s.waiting + s.failed + s.ready + s.running > 0 || s.warning !== "";
  return anything ? line : f.idle;
}
