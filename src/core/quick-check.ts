// A few zod-free checkers mirroring the zod features schema.ts uses, for the popup hot path: loading zod
// costs more than starting node. They only say yes (with the same output zod would give) or no; on no,
// callers parse again with the zod schema, which names the file and field. So a file is still always
// parsed, and a checker that is stricter than zod only costs time, never correctness.
// test/unit/quick-schema.test.ts checks each checker against its zod schema (same verdict, same data).

export const FAIL: unique symbol = Symbol("quick-check-fail");
export type Fail = typeof FAIL;
export type Check<T> = (v: unknown) => T | Fail;

/** A field of an object shape: required, optional (absent stays absent) or defaulted (absent → value). */
export interface Field<T> {
  check: Check<T>;
  absent: "fail" | "omit" | (() => T);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export const str: Check<string> = (v) => (typeof v === "string" ? v : FAIL);
export const bool: Check<boolean> = (v) => (typeof v === "boolean" ? v : FAIL);
export const num: Check<number> = (v) => (typeof v === "number" && Number.isFinite(v) ? v : FAIL);

/** z.number().int() with optional bounds (safe integers only: never looser than zod). */
export function int(min = -Infinity, max = Infinity): Check<number> {
  return (v) => (typeof v === "number" && Number.isSafeInteger(v) && v >= min && v <= max ? v : FAIL);
}

export function numMin(min: number): Check<number> {
  return (v) => (typeof v === "number" && Number.isFinite(v) && v >= min ? v : FAIL);
}

export function oneOf<const T extends readonly string[]>(values: T): Check<T[number]> {
  const set = new Set<unknown>(values);
  return (v) => (set.has(v) ? (v as T[number]) : FAIL);
}

export function literal<const T extends string | number>(value: T): Check<T> {
  return (v) => (v === value ? value : FAIL);
}

export function arr<T>(item: Check<T>): Check<T[]> & { item: Check<T> } {
  const check = (v: unknown): T[] | Fail => {
    if (!Array.isArray(v)) return FAIL;
    const out: T[] = [];
    for (const x of v) {
      const r = item(x);
      if (r === FAIL) return FAIL;
      out.push(r);
    }
    return out;
  };
  return Object.assign(check, { item });
}

/** z.record(z.string(), item). A `__proto__` key is left to zod. */
export function record<T>(item: Check<T>): Check<Record<string, T>> & { item: Check<T> } {
  const check = (v: unknown): Record<string, T> | Fail => {
    if (!isObject(v)) return FAIL;
    const out: Record<string, T> = {};
    for (const [k, x] of Object.entries(v)) {
      const r = item(x);
      if (r === FAIL || k === "__proto__") return FAIL;
      out[k] = r;
    }
    return out;
  };
  return Object.assign(check, { item });
}

export const req = <T>(check: Check<T>): Field<T> => ({ check, absent: "fail" });
export const opt = <T>(check: Check<T>): Field<T | undefined> => ({ check, absent: "omit" });
export const def = <T>(check: Check<T>, value: () => T): Field<T> => ({ check, absent: value });

type Shape = Record<string, Field<unknown>>;
type Out<S extends Shape> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

/**
 * An object with `shape`. Unknown keys: "strip" drops them (z.object), "loose" keeps them
 * (z.looseObject), "strict" fails (z.strictObject).
 */
export function obj<S extends Shape>(shape: S, unknown: "strip" | "loose" | "strict" = "strip"): Check<Out<S>> & { shape: S } {
  const keys = Object.keys(shape);
  const check = (v: unknown): Out<S> | Fail => {
    if (!isObject(v)) return FAIL;
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const f = shape[k]!;
      const x = Object.hasOwn(v, k) ? v[k] : undefined;
      if (x === undefined) {
        if (f.absent === "fail") return FAIL;
        if (f.absent !== "omit") out[k] = f.absent();
        continue;
      }
      const r = f.check(x);
      if (r === FAIL) return FAIL;
      out[k] = r;
    }
    if (unknown !== "strip") {
      for (const k of Object.keys(v)) {
        if (Object.hasOwn(shape, k)) continue;
        if (unknown === "strict" || k === "__proto__") return FAIL;
        out[k] = v[k];
      }
    }
    return out as Out<S>;
  };
  return Object.assign(check, { shape });
}
