// Worker refs from outside: wN, N, a full id or a unique id prefix. Pure.
import { DocketError } from "./errors.js";

export interface Refable {
  id: string;
  label: string;
  index: number;
}

export function resolveRef<T extends Refable>(ref: string, workers: T[]): T {
  const r = ref.trim();
  if (!r) throw new DocketError("empty worker ref");
  const m = /^w?(\d{1,9})$/.exec(r);
  if (m) {
    const n = Number(m[1]);
    const hit = workers.find((w) => w.index === n);
    if (!hit) throw new DocketError(`unknown worker: ${r}`);
    return hit;
  }
  if (!/^[a-z0-9][a-z0-9-]*$/.test(r)) throw new DocketError(`invalid worker ref: ${JSON.stringify(r)} (use wN, N or an id)`);
  const exact = workers.find((w) => w.id === r);
  if (exact) return exact;
  const prefixed = workers.filter((w) => w.id.startsWith(r));
  if (prefixed.length === 1) return prefixed[0]!;
  if (prefixed.length > 1) throw new DocketError(`ambiguous worker ref: ${r} matches ${prefixed.map((w) => w.label).join(", ")}`);
  throw new DocketError(`unknown worker: ${r}`);
}
