// Store and config files through a schema (core/check.ts), with the one-line errors a person reads
// ("<file>: <path>: <why>").
import { FAIL, lastIssue, type Check } from "./check.js";
import { DocketError } from "./errors.js";

/** JSON text checked against a schema; any problem is a DocketError that starts with `label`. */
export function parseJson<T>(schema: Check<T>, label: string, raw: string): T {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new DocketError(`${label}: invalid JSON (${(err as Error).message})`);
  }
  return parseValue(schema, label, json);
}

/** A parsed value checked against a schema; a problem is a DocketError `<label>: <path>: <why>`. */
export function parseValue<T>(schema: Check<T>, label: string, value: unknown, root?: string): T {
  const r = schema(value);
  if (r === FAIL) throw new DocketError(`${label}: ${lastIssue(root)}`);
  return r;
}
