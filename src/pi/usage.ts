// What a worker costs: pi's usage of each assistant message (message_end), summed per turn and added
// to status.json `usage` in one locked write at turn_end. Pure helpers plus the budget question.
import { formatUsd } from "../core/cost.js";
import type { WorkerStatus } from "../core/schema.js";

export { formatUsd };

export type Usage = NonNullable<WorkerStatus["usage"]>;

const n = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : 0);

/**
 * pi's AssistantMessage.usage ({input, output, cacheRead, cacheWrite, cost: {total}}) as docket's totals; undefined
 * when it spent nothing.
 */
export function usageOf(message: unknown): Usage | undefined {
  if (!message || typeof message !== "object") return undefined;
  const m = message as { role?: unknown; usage?: unknown; model?: unknown; provider?: unknown };
  if (m.role !== "assistant" || !m.usage || typeof m.usage !== "object") return undefined;
  const u = m.usage as Record<string, unknown>;
  const cost = u.cost && typeof u.cost === "object" ? n((u.cost as Record<string, unknown>).total) : 0;
  const counts = [n(u.input), n(u.output), n(u.cacheRead), n(u.cacheWrite), cost];
  if (counts.every((x) => x === 0)) return undefined; // an aborted or failed request: nothing was spent
  const model =
    typeof m.model === "string" ? (typeof m.provider === "string" ? `${m.provider}/${m.model}` : m.model) : undefined;
  return {
    input: n(u.input),
    output: n(u.output),
    cacheRead: n(u.cacheRead),
    cacheWrite: n(u.cacheWrite),
    cost,
    ...(model ? { model } : {}),
  };
}

/** a + b; the model is the latest one seen; turns counts the additions of whole turns. */
export function addUsage(a: Usage | undefined, b: Usage, turns = 0): Usage {
  const base = a ?? { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, cost: 0 };
  const model = b.model ?? base.model;
  const t = (base.turns ?? 0) + turns;
  return {
    input: base.input + b.input,
    output: base.output + b.output,
    cacheRead: base.cacheRead + b.cacheRead,
    cacheWrite: base.cacheWrite + b.cacheWrite,
    // Rounded to 1e-9 USD: sums of floats must not grow noise digits in the record.
    cost: Math.round((base.cost + b.cost) * 1e9) / 1e9,
    ...(model ? { model } : {}),
    ...(t ? { turns: t } : {}),
  };
}

/** Whether this record's spend has crossed its budget and nobody has been asked about it yet. */
export function overBudget(s: WorkerStatus): boolean {
  if (s.budgetUsd === undefined || !s.usage) return false;
  if (s.usage.cost < s.budgetUsd) return false;
  return s.state === "active" || s.state === "idle";
}

export function budgetQuestion(s: WorkerStatus): string {
  return (
    `Spent ${formatUsd(s.usage?.cost ?? 0)} of ${formatUsd(s.budgetUsd ?? 0)} budget; continue? (reply with a ` +
    `new budget in USD, e.g. \`$5\`, to raise it; any other reply clears the budget for this worker)`
  );
}

/**
 * The person's reply to a budget question: a dollar amount (`$5`, `5`, `budget 2.50`) becomes the new
 * budget; anything else clears it. Returns the new budget, or undefined for none.
 */
export function budgetFromReply(text: string): number | undefined {
  const m = /(?:^|[\s$])\$?(\d+(?:\.\d+)?)(?!\S*[a-z%])/i.exec(text.trim());
  if (!m) return undefined;
  const v = Number(m[1]);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}
