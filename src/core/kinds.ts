// Worker kinds: built-ins plus markdown files with frontmatter in the store's and the project's
// worker-kinds/ dirs. A malformed file is reported (naming the file) and skipped, never fatal.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { arr, bool, def, FAIL, lastIssue, obj, oneOf, opt, req, str, text } from "./check.js";
import { BUILTIN_KINDS } from "./builtin-kinds.js";

export interface Kind {
  name: string;
  description: string;
  /** Writable kinds get their own workspace; read-only ones run in the parent dir. */
  writable: boolean;
  /** Discovery first, then docket_wait with a plan before the first edit. */
  planGate: boolean;
  /** Its docket_done must carry a structured `plan` (architect). */
  requirePlan: boolean;
  /** Kinds this kind may spawn with docket_spawn_child. */
  childKinds: string[];
  /** provider/model for this kind's workers. */
  model?: string;
  /** full: seed from the parent's pi session by default; fresh: never unless --seed. */
  session: "fresh" | "full";
  /** Extra rules for the worker (the markdown body). */
  rules: string;
  /** "builtin" or the file it came from. */
  source: string;
}

export const KIND_NAME = /^[a-z][a-z0-9_-]{0,39}$/;

const kindName = text({ re: KIND_NAME, reason: "must be lowercase letters, digits, - or _" });
const Frontmatter = obj(
  {
    name: req(kindName),
    description: def(str, () => ""),
    writable: def(bool, () => false),
    planGate: def(bool, () => false),
    requirePlan: def(bool, () => false),
    childKinds: def(arr(kindName), () => []),
    model: opt(text({ min: 1 })),
    session: def(oneOf(["fresh", "full"]), () => "fresh" as const),
  },
  "strict",
);

export class KindFileError extends Error {}

function scalar(raw: string): unknown {
  const v = raw.trim();
  if (v === "true") return true;
  if (v === "false") return false;
  if (/^\[.*\]$/.test(v)) {
    return v
      .slice(1, -1)
      .split(",")
      .map((s) => unquote(s.trim()))
      .filter(Boolean);
  }
  return unquote(v);
}

function unquote(v: string): string {
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))))
    return v.slice(1, -1);
  return v;
}

/** Parse one kind file's text. Throws KindFileError with a one-line reason. */
export function parseKind(text: string, source: string): Kind {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) throw new KindFileError("missing frontmatter (--- … ---)");
  const fields: Record<string, unknown> = {};
  let listKey: string | undefined;
  for (const line of m[1]!.split(/\r?\n/)) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    const item = /^\s+-\s+(.*)$/.exec(line);
    if (item && listKey) {
      (fields[listKey] as unknown[]).push(unquote(item[1]!.trim()));
      continue;
    }
    const kv = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
    if (!kv) throw new KindFileError(`cannot read frontmatter line ${JSON.stringify(line.trim())}`);
    const [, key, value] = kv as unknown as [string, string, string];
    if (value.trim() === "") {
      fields[key] = [];
      listKey = key;
    } else {
      fields[key] = scalar(value);
      listKey = undefined;
    }
  }
  const parsed = Frontmatter(fields);
  if (parsed === FAIL) throw new KindFileError(lastIssue("(frontmatter)"));
  return { ...parsed, rules: m[2]!.trim(), source };
}

export interface KindSet {
  kinds: Map<string, Kind>;
  /** One line per skipped file, naming it. */
  problems: string[];
}

export function kindDirs(home: string, projectRoot?: string): string[] {
  const dirs = [join(home, "worker-kinds")];
  if (projectRoot) dirs.push(join(projectRoot, ".pi", "docket", "worker-kinds"));
  return dirs;
}

/** Built-ins ← store kinds ← project kinds (later wins by name). */
export function loadKinds(home: string, projectRoot?: string): KindSet {
  const kinds = new Map<string, Kind>(BUILTIN_KINDS.map((k) => [k.name, k]));
  const problems: string[] = [];
  for (const dir of kindDirs(home, projectRoot)) {
    if (!existsSync(dir)) continue;
    let names: string[];
    try {
      names = readdirSync(dir)
        .filter((n) => n.endsWith(".md"))
        .sort();
    } catch (err) {
      problems.push(`kind dir ${dir}: cannot read (${(err as Error).message})`);
      continue;
    }
    for (const n of names) {
      const file = join(dir, n);
      try {
        const kind = parseKind(readFileSync(file, "utf8"), file);
        kinds.set(kind.name, kind);
      } catch (err) {
        problems.push(`kind file ${file}: ${(err as Error).message}; skipped`);
      }
    }
  }
  return { kinds, problems };
}

export interface ResolvedKind {
  kind: Kind;
  /** Set when the asked-for kind was unknown and docket fell back. */
  warning?: string;
}

/** The kind to use: `asked`, else the configured default; unknown → warning + fallback to `default`. */
export function resolveKind(set: KindSet, asked: string | undefined, defaultKind: string): ResolvedKind {
  const builtinDefault = set.kinds.get("default") ?? BUILTIN_KINDS[0]!;
  const want = asked ?? defaultKind;
  const hit = set.kinds.get(want);
  if (hit) return { kind: hit };
  const fallback = set.kinds.get(defaultKind) ?? builtinDefault;
  const known = [...set.kinds.keys()].join(", ");
  return { kind: fallback, warning: `unknown kind "${want}" (known: ${known}); using "${fallback.name}"` };
}
