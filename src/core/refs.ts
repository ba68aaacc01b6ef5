// Worker refs from outside: wN, N, a full id or a unique id prefix. Pure.
// Strict: no whitespace, no leading zeros, nothing that looks like a flag. A script with a stray
// space or a `w01` must get a refusal, never some other worker.
import { DocketError } from "./errors.js";

export interface Refable {
  id: string;
  label: string;
  index: number;
}

const LABEL = /^w?([1-9]\d{0,8})$/;
const NUMERIC = /^w?\d+$/; // w0, w01, 007: numbers that are not a label
const ID_OR_PREFIX = /^[a-z0-9][a-z0-9-]{0,80}$/;

export function invalidRef(ref: string): DocketError {
  return new DocketError(`invalid worker ref: ${JSON.stringify(ref)} (use wN, N or an id)`);
}

/** The ref unchanged when its syntax is valid; else the one-line refusal. Needs no store. */
export function checkRef(ref: string): string {
  if (ref === "") throw new DocketError("empty worker ref");
  if (LABEL.test(ref)) return ref;
  if (NUMERIC.test(ref) || !ID_OR_PREFIX.test(ref)) throw invalidRef(ref);
  return ref;
}

export function resolveRef<T extends Refable>(ref: string, workers: T[]): T {
  const r = checkRef(ref);
  const m = LABEL.exec(r);
  if (m) {
    const n = Number(m[1]);
    const hit = workers.find((w) => w.index === n);
    if (!hit) throw new DocketError(`unknown worker: ${r}`);
    return hit;
  }
  const exact = workers.find((w) => w.id === r);
  if (exact) return exact;
  const prefixed = workers.filter((w) => w.id.startsWith(r));
  if (prefixed.length === 1) return prefixed[0]!;
  if (prefixed.length > 1)
    throw new DocketError(`ambiguous worker ref: ${r} matches ${prefixed.map((w) => w.label).join(", ")}`);
  throw new DocketError(`unknown worker: ${r}`);
}
