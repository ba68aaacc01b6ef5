// Money as docket shows it, and the fleet's total spend. Pure and import-free at runtime (the status
// line's publish and the worker extension load it).

/** `$0`, `$0.0042`, `$0.123`, `$4.56`, `$120`. */
export function formatUsd(usd: number): string {
  if (!(usd > 0)) return "$0";
  return usd >= 100
    ? `$${usd.toFixed(0)}`
    : usd >= 1
      ? `$${usd.toFixed(2)}`
      : usd >= 0.01
        ? `$${usd.toFixed(3)}`
        : `$${usd.toFixed(4)}`;
}

/** Sum of every worker's recorded spend; "" when no worker has recorded any usage (the placeholder stays empty). */
export function fleetCostText(workers: Array<{ usage?: { cost?: number } }>): string {
  let any = false;
  let total = 0;
  for (const w of workers) {
    const c = w.usage?.cost;
    if (typeof c !== "number" || !Number.isFinite(c)) continue;
    any = true;
    total += c;
  }
  return any ? formatUsd(total) : "";
}
