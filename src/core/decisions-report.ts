// `docket log decisions`: counts and recent rows from the ledger. Pure.
import type { Decision } from "./schema.js";
import { DocketError } from "./errors.js";
import { sanitizeText } from "./sanitize.js";
import { formatUsd } from "./cost.js";
import { formatAge } from "./warnings.js";
import { compareText } from "./natural.js";

export const VERB_LABEL: Record<Decision["verb"], string> = {
  accept: "accept",
  reject: "reject",
  reject_stop: "reject & stop",
  chat: "chat",
  option: "option",
  steer: "steer",
  retry: "retry",
  dismiss: "dismiss",
  worker_evicted_unreviewed: "evicted unreviewed",
  combine: "combine",
  send_review: "send review",
  broadcast: "broadcast",
  implement: "implement",
};
/** Always shown in the per-verb line, even at zero; the rest only when used. */
const MAIN_VERBS: Decision["verb"][] = ["accept", "reject", "reject_stop", "chat", "option"];

/** `7d`, `24h`, `30m`, `2w` or an ISO date → epoch ms of the window start. */
export function parseSince(since: string, now: number): number {
  const s = since.trim();
  const m = /^(\d+(?:\.\d+)?)\s*(m|h|d|w)$/.exec(s);
  if (m)
    return (
      now - Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as "m" | "h" | "d" | "w"]
    );
  const t = Date.parse(s);
  if (Number.isFinite(t) && /^\d{4}-\d{2}-\d{2}/.test(s)) return t;
  throw new DocketError(`invalid --since: ${JSON.stringify(since)} (use 30m, 24h, 7d, 2w or a date like 2025-01-31)`);
}

export interface DecisionsReport {
  since: string;
  resolved: number;
  evicted: number;
  perVerb: Record<string, number>;
  /** Workers evicted unreviewed in the window (distinct). */
  debt: number;
  recent: Decision[];
  total: number;
  /** Spend of the workers decided on in the window (each worker's latest recorded cost), and per resolved decision. */
  cost?: { spent: number; workers: number; perDecision: number };
}

export function decisionsReport(decisions: Decision[], sinceMs: number): DecisionsReport {
  const inWindow = decisions.filter((d) => {
    const t = Date.parse(d.ts);
    return Number.isFinite(t) && t >= sinceMs;
  });
  const perVerb: Record<string, number> = {};
  for (const v of MAIN_VERBS) perVerb[v] = 0;
  let evicted = 0;
  let broadcasts = 0; // messages to many workers: in the ledger, but no worker's verdict
  const debtWorkers = new Set<string>();
  for (const d of inWindow) {
    if (d.verb === "worker_evicted_unreviewed") {
      evicted++;
      debtWorkers.add(d.worker);
      continue;
    }
    if (d.verb === "broadcast") broadcasts++;
    perVerb[d.verb] = (perVerb[d.verb] ?? 0) + 1;
  }
  const recent = [...inWindow].sort((a, b) => compareText(b.ts, a.ts));
  // A worker decided on twice counts once, at the spend of its latest decision.
  const spendBy = new Map<string, number>();
  for (const d of [...inWindow].sort((a, b) => compareText(a.ts, b.ts)))
    if (d.cost !== undefined) spendBy.set(d.worker, d.cost);
  const spent = [...spendBy.values()].reduce((a, b) => a + b, 0);
  const resolved = inWindow.length - evicted - broadcasts;
  return {
    ...(spendBy.size ? { cost: { spent, workers: spendBy.size, perDecision: resolved ? spent / resolved : 0 } } : {}),
    since: new Date(sinceMs).toISOString(),
    resolved,
    evicted,
    perVerb,
    debt: debtWorkers.size,
    recent,
    total: inWindow.length,
  };
}

function windowName(sinceMs: number, now: number): string {
  const days = (now - sinceMs) / 86_400_000;
  if (Number.isInteger(days)) return `last ${days} day${days === 1 ? "" : "s"}`;
  return `since ${new Date(sinceMs).toISOString().slice(0, 16).replace("T", " ")}`;
}

export function renderDecisionsReport(r: DecisionsReport, now: number, limit = 20): string {
  return sanitizeText(decisionsReportText(r, now, limit));
}

function decisionsReportText(r: DecisionsReport, now: number, limit: number): string {
  const sinceMs = Date.parse(r.since);
  const lines = [`Decisions · ${windowName(sinceMs, now)}`];
  lines.push(`  ${r.resolved} resolved · ${r.evicted} evicted unreviewed`);
  lines.push(
    "  " +
      Object.entries(r.perVerb)
        .filter(([v, n]) => n > 0 || MAIN_VERBS.includes(v as Decision["verb"]))
        .map(([v, n]) => `${VERB_LABEL[v as Decision["verb"]] ?? v} ${n}`)
        .join(" · "),
  );
  if (r.cost)
    lines.push(
      `  cost: ${formatUsd(r.cost.spent)} spent by ${r.cost.workers} worker${r.cost.workers === 1 ? "" : "s"} ` +
        `decided on · ${formatUsd(r.cost.perDecision)} per resolved decision`,
    );
  lines.push(
    r.debt
      ? `  decision debt: ${r.debt} worker${r.debt === 1 ? "" : "s"} evicted unreviewed in this window`
      : "  decision debt: none",
  );
  if (!r.recent.length) return lines.join("\n") + "\n\nNo decisions in this window.\n";
  lines.push("", `Recent (${Math.min(limit, r.recent.length)} of ${r.recent.length}):`);
  for (const d of r.recent.slice(0, limit)) {
    const age = `${formatAge(now - Date.parse(d.ts))} ago`.padEnd(9);
    const verb =
      d.verb === "option" && d.option
        ? `option ${JSON.stringify(d.option)}`
        : d.verb === "combine" && d.with
          ? `combine with ${d.with}`
          : VERB_LABEL[d.verb];
    const text =
      d.verb === "chat" || d.verb === "steer" || d.verb === "broadcast"
        ? d.text
          ? ` ${JSON.stringify(d.text.length > 50 ? d.text.slice(0, 49) + "…" : d.text)}`
          : ""
        : "";
    const risk = d.risk ? `  ⚠ ${d.risk}` : "";
    const ev = d.evidence.length ? `  [${d.evidence.join(", ")}]` : "";
    const task = d.verb === "worker_evicted_unreviewed" ? ` · ${d.task.split("\n")[0]!.slice(0, 50)}` : "";
    const cost = d.cost !== undefined ? `  ${formatUsd(d.cost)}` : "";
    lines.push(`  ${age} ${d.label.padEnd(4)} ${verb}${text}  (${d.state})${cost}${task}${risk}${ev}`);
  }
  return lines.join("\n") + "\n";
}
