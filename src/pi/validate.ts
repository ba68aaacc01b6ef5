// Argument checks for the protocol tools. Pure, no dependencies: a bad call yields one readable
// sentence for the model, never an exception into pi.

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export const TODO_STATES = ["pending", "in_progress", "completed"] as const;
export const OUTCOMES = ["completed", "findings", "proposal", "no_evidence"] as const;
export const SCOPES = ["clear", "unclear"] as const;
export const MAX_TODOS = 12;

export interface TodoItem {
  id?: string;
  text: string;
  state: (typeof TODO_STATES)[number];
  note?: string;
}
export interface WaitArgs {
  question: string;
  options?: string[];
  recommend?: string;
  risk?: string;
}
export interface DoneArgs {
  outcome: (typeof OUTCOMES)[number];
  summary: string;
  evidence: string[];
  recommended: string[];
  scopeConfidence?: (typeof SCOPES)[number];
  plan?: PlanArg;
}
export const MAX_PLAN_STEPS = 20;
export interface PlanArg {
  steps: Array<{ title: string; files: string[]; check: string }>;
}
export interface FailArgs {
  reason: string;
}
export const NOTE_LEVELS = ["info", "heads-up"] as const;
export const MAX_NOTE = 1000;
export interface NoteArgs {
  text: string;
  level: (typeof NOTE_LEVELS)[number];
}
export interface SpawnChildArgs {
  kind: string;
  task: string;
}

class Bad extends Error {}

function obj(args: unknown): Record<string, unknown> {
  if (!args || typeof args !== "object" || Array.isArray(args)) throw new Bad("arguments must be a JSON object");
  return args as Record<string, unknown>;
}

function str(o: Record<string, unknown>, key: string, max: number, required: true): string;
function str(o: Record<string, unknown>, key: string, max: number, required: false): string | undefined;
function str(o: Record<string, unknown>, key: string, max: number, required: boolean): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (required) throw new Bad(`\`${key}\` is required`);
    return undefined;
  }
  if (typeof v !== "string") throw new Bad(`\`${key}\` must be a string`);
  const t = v.trim();
  if (required && !t) throw new Bad(`\`${key}\` must not be empty`);
  if (t.length > max) throw new Bad(`\`${key}\` is too long (${t.length} characters, at most ${max})`);
  return t || undefined;
}

function strList(o: Record<string, unknown>, key: string, maxItems: number, maxLen: number): string[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (typeof v === "string") return v.trim() ? [v.trim()] : []; // a lone string is an obvious one-item list
  if (!Array.isArray(v)) throw new Bad(`\`${key}\` must be a list of strings`);
  if (v.length > maxItems) throw new Bad(`\`${key}\` has ${v.length} entries, at most ${maxItems}`);
  return v
    .map((x, i) => {
      if (typeof x !== "string") throw new Bad(`\`${key}[${i}]\` must be a string`);
      if (x.length > maxLen) throw new Bad(`\`${key}[${i}]\` is too long (at most ${maxLen} characters)`);
      return x.trim();
    })
    .filter(Boolean);
}

function oneOf<T extends readonly string[]>(
  o: Record<string, unknown>,
  key: string,
  allowed: T,
): T[number] | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string" || !allowed.includes(v)) throw new Bad(`\`${key}\` must be one of: ${allowed.join(", ")}`);
  return v as T[number];
}

function run<T>(tool: string, f: () => T): Checked<T> {
  try {
    return { ok: true, value: f() };
  } catch (err) {
    if (err instanceof Bad)
      return { ok: false, error: `${tool}: ${err.message}. Fix the arguments and call ${tool} again.` };
    return { ok: false, error: `${tool}: invalid arguments (${String(err)})` };
  }
}

export function checkTodos(args: unknown): Checked<TodoItem[]> {
  return run("docket_todos", () => {
    const o = obj(args);
    if (!Array.isArray(o.items)) throw new Bad("`items` must be a list of {text, state?, id?, note?}");
    if (o.items.length > MAX_TODOS)
      throw new Bad(`\`items\` has ${o.items.length} entries, at most ${MAX_TODOS}; keep the board short`);
    return o.items.map((raw, i): TodoItem => {
      if (typeof raw === "string" && raw.trim()) return { text: raw.trim(), state: "pending" };
      let it: Record<string, unknown>;
      try {
        it = obj(raw);
      } catch {
        throw new Bad(`\`items[${i}]\` must be an object with a \`text\``);
      }
      const text = str(it, "text", 500, true);
      const state = oneOf(it, "state", TODO_STATES) ?? "pending";
      const id = it.id === undefined || it.id === null ? undefined : String(it.id).slice(0, 40);
      const note = str(it, "note", 500, false);
      return { ...(id ? { id } : {}), text, state, ...(note ? { note } : {}) };
    });
  });
}

export function checkWait(args: unknown): Checked<WaitArgs> {
  return run("docket_wait", () => {
    const o = obj(args);
    const question = str(o, "question", 4000, true);
    const options = strList(o, "options", 4, 300);
    if (o.options !== undefined && o.options !== null && (options.length < 2 || options.length > 4)) {
      throw new Bad("`options` needs 2 to 4 distinct choices (or leave it out for a free-form question)");
    }
    if (new Set(options.map((x) => x.toLowerCase())).size !== options.length)
      throw new Bad("`options` must be distinct");
    const recommend = str(o, "recommend", 300, false);
    if (recommend !== undefined) {
      if (options.length === 0) throw new Bad("`recommend` needs `options` to choose from");
      if (!options.includes(recommend)) throw new Bad("`recommend` must be exactly one of `options`");
    }
    const risk = str(o, "risk", 500, false);
    return {
      question,
      ...(options.length ? { options } : {}),
      ...(recommend ? { recommend } : {}),
      ...(risk ? { risk } : {}),
    };
  });
}

/** `plan: {steps: [{title, files, check}]}`: 1 to MAX_PLAN_STEPS steps, each with a title and a check. */
function plan(o: Record<string, unknown>): PlanArg | undefined {
  if (o.plan === undefined || o.plan === null) return undefined;
  let p: Record<string, unknown>;
  try {
    p = obj(o.plan);
  } catch {
    throw new Bad("`plan` must be an object {steps: [{title, files, check}]}");
  }
  if (!Array.isArray(p.steps) || p.steps.length === 0)
    throw new Bad("`plan.steps` must be a non-empty list of {title, files, check}");
  if (p.steps.length > MAX_PLAN_STEPS)
    throw new Bad(`\`plan.steps\` has ${p.steps.length} entries, at most ${MAX_PLAN_STEPS}`);
  const titles = new Set<string>();
  const steps = p.steps.map((raw, i) => {
    let st: Record<string, unknown>;
    try {
      st = obj(raw);
    } catch {
      throw new Bad(`\`plan.steps[${i}]\` must be an object {title, files, check}`);
    }
    const at = (e: Error) => new Bad(e.message.replace(/^`([^`]+)`/, `\`plan.steps[${i}].$1\``));
    try {
      const title = str(st, "title", 200, true);
      if (titles.has(title.toLowerCase())) throw new Bad("`title` must differ from every other step's");
      titles.add(title.toLowerCase());
      return { title, files: strList(st, "files", 50, 500), check: str(st, "check", 1000, true) };
    } catch (err) {
      throw err instanceof Bad ? at(err) : err;
    }
  });
  return { steps };
}

export function checkDone(args: unknown, opts: { requirePlan?: boolean } = {}): Checked<DoneArgs> {
  return run("docket_done", () => {
    const o = obj(args);
    const p = plan(o);
    if (opts.requirePlan && !p) throw new Bad("your kind must finish with a `plan`: {steps: [{title, files, check}]}");
    const summary = str(o, "summary", 20_000, true);
    const outcome = oneOf(o, "outcome", OUTCOMES) ?? "completed";
    const scopeConfidence = oneOf(o, "scopeConfidence", SCOPES);
    return {
      outcome,
      summary,
      evidence: strList(o, "evidence", 50, 2000),
      recommended: strList(o, "recommended", 20, 1000),
      ...(scopeConfidence ? { scopeConfidence } : {}),
      ...(p ? { plan: p } : {}),
    };
  });
}

export function checkFail(args: unknown): Checked<FailArgs> {
  return run("docket_fail", () => ({ reason: str(obj(args), "reason", 4000, true) }));
}

/** Kind names are plain words; anything else could be a path or a flag. */
export const KIND_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export function checkSpawnChild(args: unknown): Checked<SpawnChildArgs> {
  return run("docket_spawn_child", () => {
    const o = obj(args);
    const kind = str(o, "kind", 40, true);
    if (!KIND_PATTERN.test(kind))
      throw new Bad("`kind` must be a kind name such as `scout` (lowercase letters, digits, - or _)");
    return { kind, task: str(o, "task", 100_000, true) };
  });
}

/**
 * A done that cannot stand as a result: the worker itself says the scope is unclear, or found nothing and shows
 * nothing.
 */
export function vagueDoneReason(d: DoneArgs): string | undefined {
  if (d.scopeConfidence === "unclear") return "the worker marked the task scope as unclear";
  if (d.outcome === "no_evidence" && d.evidence.length === 0) return "the worker found no evidence and listed none";
  return undefined;
}

export function checkNote(args: unknown): Checked<NoteArgs> {
  return run("docket_note", () => {
    const o = obj(args);
    return { text: str(o, "text", MAX_NOTE, true), level: oneOf(o, "level", NOTE_LEVELS) ?? "info" };
  });
}
