// zod checks of store and config files, with the one-line errors a person reads ("<file>: <path>: <why>").
import type { z } from "zod";
import { DocketError } from "./errors.js";

/** zod's first issue as `path: why`; an unknown key of a strict object is named in the path. */
export function describeIssue(error: z.ZodError, root = "(root)"): string {
  const issue = error.issues[0]!;
  const unknownKey = issue.code === "unrecognized_keys";
  const keys = unknownKey ? (issue as { keys: string[] }).keys : [];
  const path = [...issue.path, ...keys.slice(0, 1)].join(".") || root;
  return `${path}: ${unknownKey ? "unknown key" : issue.message}`;
}

/** JSON text checked against a schema; any problem is a DocketError that starts with `label`. */
export function parseJson<S extends z.ZodType>(schema: S, label: string, raw: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new DocketError(`${label}: invalid JSON (${(err as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new DocketError(`${label}: ${describeIssue(parsed.error)}`);
  return parsed.data;
}
