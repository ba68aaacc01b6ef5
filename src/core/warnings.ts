// Passive age warnings for a worker: `silent 6m` (running, no tool/todo event lately) and
// `waiting 31m` (an unanswered question has aged). Pure: the caller passes `now` and the config.
// docket never kills or respawns on these; they only tell the person to look.
import { formatAge } from "./ages.js";
import type { WorkerStatus } from "./schema.js";

export { formatAge };

export interface WarningConfig {
  worker: { silentMinutes: number; waitingMinutes: number };
}

export interface WorkerWarning {
  kind: "silent" | "waiting";
  /** How long the condition has held, in ms. */
  ageMs: number;
  /** Row/card form: `silent 6m`, `waiting 31m`. */
  text: string;
  /** Status-line form: `s6m`, `w31m`. */
  short: string;
}

/** States in which a quiet worker is suspicious (needs_input is waiting on the person instead). */
const SILENT_STATES = new Set(["starting", "active", "idle"]);

function ms(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : undefined;
}

function warning(kind: WorkerWarning["kind"], ageMs: number): WorkerWarning {
  const age = formatAge(ageMs);
  return { kind, ageMs, text: `${kind} ${age}`, short: `${kind[0]}${age}` };
}

/** Last sign of life that counts for `silent`: tool/todo activity, else start, else creation. */
export function lastActivity(status: WorkerStatus): number | undefined {
  return ms(status.lastActivityAt) ?? ms(status.startedAt) ?? ms(status.createdAt);
}

export function workerWarnings(status: WorkerStatus, now: number | Date, cfg: WarningConfig): WorkerWarning[] {
  const t = typeof now === "number" ? now : now.getTime();
  const out: WorkerWarning[] = [];
  if (SILENT_STATES.has(status.state)) {
    const last = lastActivity(status);
    const limit = cfg.worker.silentMinutes * 60_000;
    if (last !== undefined && t - last >= limit) out.push(warning("silent", t - last));
  }
  const q = status.question;
  if (status.state === "needs_input" && q && !q.answeredAt) {
    const asked = ms(q.askedAt);
    const limit = cfg.worker.waitingMinutes * 60_000;
    if (asked !== undefined && t - asked >= limit) out.push(warning("waiting", t - asked));
  }
  return out;
}

/** When a warning next appears for this worker (a threshold crossed after `now`), if ever. */
export function warningStartsAt(status: WorkerStatus, now: number, cfg: WarningConfig): number | undefined {
  const at: number[] = [];
  if (SILENT_STATES.has(status.state)) {
    const last = lastActivity(status);
    if (last !== undefined) at.push(last + cfg.worker.silentMinutes * 60_000);
  }
  const q = status.question;
  const asked = status.state === "needs_input" && q && !q.answeredAt ? ms(q.askedAt) : undefined;
  if (asked !== undefined) at.push(asked + cfg.worker.waitingMinutes * 60_000);
  const next = at.filter((t) => t > now);
  return next.length ? Math.min(...next) : undefined;
}

/** Row form: `silent 6m · waiting 31m` (empty string when all is well). */
export function warningText(status: WorkerStatus, now: number | Date, cfg: WarningConfig): string {
  return workerWarnings(status, now, cfg)
    .map((w) => w.text)
    .join(" · ");
}

/**
 * Fleet summary for the status line: the oldest of each kind with its worker label,
 * e.g. `w3 silent 6m · w1 waiting 31m`; `+2` when more workers share a kind.
 */
export function fleetWarningsShort(workers: WorkerStatus[], now: number | Date, cfg: WarningConfig): string {
  const parts: string[] = [];
  for (const kind of ["waiting", "silent"] as const) {
    const hits = workers
      .flatMap((w) =>
        workerWarnings(w, now, cfg)
          .filter((x) => x.kind === kind)
          .map((x) => ({ w, x })),
      )
      .sort((a, b) => b.x.ageMs - a.x.ageMs);
    const top = hits[0];
    if (!top) continue;
    parts.push(`${top.w.label} ${top.x.text}${hits.length > 1 ? ` +${hits.length - 1}` : ""}`);
  }
  return parts.join(" · ");
}
