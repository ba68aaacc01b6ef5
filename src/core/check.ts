// The one schema library for everything docket reads from disk (store records, config, kind frontmatter).
// Node built-ins only and small: the popups, the CLI and the worker extension all load it (zod cost the
// popups more than starting node; docs/adr/0006-one-schema.md has the numbers).
//
// A schema is a function: value in, the same value out, checked and completed in place (defaults filled
// in, unknown keys stripped or kept), or FAIL. So a schema is given only a value its caller owns: what
// JSON.parse returned, or a copy (`parse` makes one). In place because a command reads a hundred records
// cold: copying each one cost more than reading it, and the garbage collector paid again for the copies.
// On failure the failing leaf records why, and each enclosing object or array adds its key while
// returning, so `lastIssue()` can say `<path>: <why>` (e.g. `worker.maxActiv: unknown key`) without a
// second pass. A value that failed may be partly completed: it is not used.

export const FAIL: unique symbol = Symbol("check-fail");
export type Fail = typeof FAIL;
export type Check<T> = (v: unknown) => T | Fail;
export type Infer<S> = S extends Check<infer T> ? T : never;

// The last failure: why, and the path leaf first (reversed when read).
let why = "";
const at: Array<string | number> = [];

function fail(reason: string): Fail {
  why = reason;
  at.length = 0;
  return FAIL;
}

/** The last failure as `path: why`; `root` names a failure of the value itself. */
export function lastIssue(root = "(root)"): string {
  const path = at.length ? [...at].reverse().join(".") : root;
  return `${path}: ${why}`;
}

/**
 * A copy of `v` through `schema`, or an Error `<path>: <why>` (for values docket builds itself, which stay as
 * they were). The copy is what a JSON file of `v` would read back as.
 */
export function parse<T>(schema: Check<T>, v: unknown): T {
  const r = schema(v === undefined ? v : JSON.parse(JSON.stringify(v)));
  if (r === FAIL) throw new Error(lastIssue());
  return r;
}

/** A schema as a yes/no test that keeps the checked value (lastIssue has the field path); `v` must be the caller's. */
export function ok<T>(schema: Check<T>, v: unknown): T | undefined {
  const r = schema(v);
  return r === FAIL ? undefined : r;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export const str: Check<string> = (v) => (typeof v === "string" ? v : fail("expected a string"));
export const bool: Check<boolean> = (v) => (typeof v === "boolean" ? v : fail("expected true or false"));
export const num: Check<number> = (v) => (typeof v === "number" && Number.isFinite(v) ? v : fail("expected a number"));
export const unknownValue: Check<unknown> = (v) => v;

/** A string of at least `min` characters matching `re`; `reason` says what is wrong otherwise. */
export function text(opts: { re?: RegExp; min?: number; reason?: string }): Check<string> {
  const { re, min = 0 } = opts;
  const reason =
    opts.reason ??
    (re ? `expected a string matching ${re}` : `expected a string of at least ${min} character${min === 1 ? "" : "s"}`);
  return (v) =>
    typeof v !== "string" ? fail("expected a string") : v.length < min || (re && !re.test(v)) ? fail(reason) : v;
}

function range(min: number, max: number): string {
  if (min > -Infinity && max < Infinity) return ` from ${min} to ${max}`;
  if (min > -Infinity) return ` ≥ ${min}`;
  if (max < Infinity) return ` ≤ ${max}`;
  return "";
}

/** A safe integer in [min, max]. */
export function int(min = -Infinity, max = Infinity): Check<number> {
  const reason = `expected an integer${range(min, max)}`;
  return (v) => (typeof v === "number" && Number.isSafeInteger(v) && v >= min && v <= max ? v : fail(reason));
}

/** A finite number in [min, max]. */
export function number(min = -Infinity, max = Infinity): Check<number> {
  const reason = `expected a number${range(min, max)}`;
  return (v) => (typeof v === "number" && Number.isFinite(v) && v >= min && v <= max ? v : fail(reason));
}

export function oneOf<const T extends readonly string[]>(values: T): Check<T[number]> {
  const set = new Set<unknown>(values);
  const reason = `expected one of ${values.join("|")}`;
  return (v) => (set.has(v) ? (v as T[number]) : fail(reason));
}

export function literal<const T extends string | number>(value: T): Check<T> {
  const reason = `expected ${JSON.stringify(value)}`;
  return (v) => (v === value ? value : fail(reason));
}

export function arr<T>(item: Check<T>): Check<T[]> {
  return (v) => {
    if (!Array.isArray(v)) return fail("expected an array");
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      const r = item(x);
      if (r === FAIL) {
        at.push(i);
        return FAIL;
      }
      if (r !== x) v[i] = r;
    }
    return v as T[];
  };
}

/** An object used as a map from string keys to `item`s. A `__proto__` key is refused. */
export function record<T>(item: Check<T>): Check<Record<string, T>> {
  return (v) => {
    if (!isObject(v)) return fail("expected an object");
    for (const k of Object.keys(v)) {
      if (k === "__proto__") {
        fail("refused key");
        at.push(k);
        return FAIL;
      }
      const x = v[k];
      const r = item(x);
      if (r === FAIL) {
        at.push(k);
        return FAIL;
      }
      if (r !== x) v[k] = r;
    }
    return v as Record<string, T>;
  };
}

/** A field of an object shape: required, optional (absent stays absent) or defaulted (absent → value). */
export interface Field<T, M extends "req" | "opt" | "def" = "req" | "opt" | "def"> {
  check: Check<T>;
  absent: "fail" | "omit" | (() => T);
  /** Type-level only: which kind of field. */
  readonly mode?: M;
}

export const req = <T>(check: Check<T>): Field<T, "req"> => ({ check, absent: "fail" });
export const opt = <T>(check: Check<T>): Field<T, "opt"> => ({ check, absent: "omit" });
/** Defaulted: `value()` makes a fresh default each time (so arrays are never shared). */
export const def = <T>(check: Check<T>, value: () => T): Field<T, "def"> => ({ check, absent: value });

// biome-ignore lint/suspicious/noExplicitAny: a shape holds fields of any type; each one's own type is inferred
export type Shape = Record<string, Field<any, any>>;
// biome-ignore lint/suspicious/noExplicitAny: matching any field kind
type FieldOut<F> = F extends Field<infer T, any> ? T : never;
// biome-ignore lint/suspicious/noExplicitAny: matching any field type
type OptKeys<S extends Shape> = { [K in keyof S]: S[K] extends Field<any, "opt"> ? K : never }[keyof S];
type Flat<T> = { [K in keyof T]: T[K] } & {};
export type ShapeOut<S extends Shape> = Flat<
  { [K in Exclude<keyof S, OptKeys<S>>]: FieldOut<S[K]> } & { [K in OptKeys<S>]?: FieldOut<S[K]> }
>;

export type Unknown = "strip" | "loose" | "strict";
type ObjOut<S extends Shape, U extends Unknown> = U extends "loose"
  ? ShapeOut<S> & { [k: string]: unknown }
  : ShapeOut<S>;
export type Obj<S extends Shape, U extends Unknown> = Check<ObjOut<S, U>> & { readonly shape: S; readonly unknown: U };

/**
 * An object with `shape`. Unknown keys: "strip" drops them, "loose" keeps them (a `__proto__` key is
 * refused), "strict" fails on them (`<key>: unknown key`).
 */
export function obj<S extends Shape, U extends Unknown = "strip">(shape: S, unknown: U = "strip" as U): Obj<S, U> {
  const keys = Object.keys(shape);
  const fields = keys.map((k) => shape[k]!);
  // A key an object inherits (`constructor`…) is looked up as an own one only; others need no hasOwn call.
  const inherited = keys.map((k) => k in Object.prototype);
  const check = (v: unknown): ObjOut<S, U> | Fail => {
    if (!isObject(v)) return fail("expected an object");
    let own = 0; // keys of the shape that `v` has: fewer than all its keys means unknown ones to handle
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const f = fields[i]!;
      const x = inherited[i] && !Object.hasOwn(v, k) ? undefined : v[k];
      if (x === undefined) {
        if (f.absent === "fail") {
          fail("required");
          at.push(k);
          return FAIL;
        }
        if (f.absent !== "omit") {
          v[k] = f.absent();
          own++;
        }
        continue;
      }
      own++;
      const r = f.check(x);
      if (r === FAIL) {
        at.push(k);
        return FAIL;
      }
      if (r !== x) v[k] = r;
    }
    const all = Object.keys(v);
    if (all.length !== own) {
      for (const k of all) {
        if (Object.hasOwn(shape, k)) {
          if (v[k] === undefined) delete v[k]; // present but undefined: absent, as in JSON
          continue;
        }
        if (unknown === "strip") delete v[k];
        else if (unknown === "strict" || k === "__proto__") {
          fail(unknown === "strict" ? "unknown key" : "refused key");
          at.push(k);
          return FAIL;
        }
      }
    }
    return v as ObjOut<S, U>;
  };
  return Object.assign(check, { shape, unknown });
}

/** `base` with more (or replaced) fields, same unknown-key rule. */
export function extend<S extends Shape, U extends Unknown, E extends Shape>(
  base: Obj<S, U>,
  more: E,
): Obj<Omit<S, keyof E> & E, U> {
  return obj({ ...base.shape, ...more } as Omit<S, keyof E> & E, base.unknown);
}
