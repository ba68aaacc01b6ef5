// The CLI's fast path: a plainly valid command line runs its verb's handler without loading yargs
// (yargs costs about one node start to load; yargs-parser, the parser yargs itself uses, almost
// nothing). The verb's builder runs against a recorder that collects its .option / .positional /
// .conflicts declarations; argv is parsed with yargs-parser under the configuration yargs gives it,
// positionals are filled the way yargs fills them (command.js: populatePositionals and
// postProcessPositionals), and `--` words end up in argv._ as under yargs. Anything not plainly valid
// (an unknown option, a bad choice, a missing or extra positional, conflicting options, --help or a
// trailing `help`, a declaration the recorder does not know) returns undefined: main.ts then runs the
// full yargs path, which prints yargs's own message or help. test/unit/cli-args.test.ts checks the
// argv here against what yargs hands the handler, for every verb.
import Parser from "yargs-parser";

export interface OptionDecl {
  alias?: string | string[];
  type?: "boolean" | "string" | "number";
  array?: boolean;
  default?: unknown;
  choices?: unknown[];
  demandOption?: boolean | string;
  conflicts?: string | string[];
  describe?: string;
  description?: string;
  desc?: string;
  hidden?: boolean;
}

const KNOWN_OPTION_KEYS = new Set([
  "alias",
  "type",
  "array",
  "default",
  "choices",
  "demandOption",
  "conflicts",
  "describe",
  "description",
  "desc",
  "hidden",
]);
// yargs' positional() keeps only these of a positional's settings (yargs-factory.js).
const POSITIONAL_KEYS = new Set([
  "default",
  "defaultDescription",
  "implies",
  "normalize",
  "choices",
  "conflicts",
  "coerce",
  "type",
  "describe",
  "desc",
  "description",
  "alias",
]);

interface Positional {
  name: string;
  aliases: string[];
  variadic: boolean;
  demanded: boolean;
}

/** `tell [ref] [text..]` → the positionals in order (yargs' parseCommand, without its aliases `<a|b>`). */
export function parseCommandString(cmd: string): { name: string; positionals: Positional[] } | undefined {
  const [name, ...rest] = cmd.trim().split(/\s+/);
  const positionals: Positional[] = [];
  for (const p of rest) {
    const m = /^([<[])([^\]>]+)([\]>])$/.exec(p);
    if (!m || (m[1] === "<") !== (m[3] === ">")) return undefined;
    let body = m[2]!;
    const variadic = body.endsWith("..");
    if (variadic) body = body.slice(0, -2);
    const [n, ...aliases] = body.split("|");
    if (!n) return undefined;
    positionals.push({ name: n, aliases, variadic, demanded: m[1] === "<" });
  }
  if (!name || positionals.slice(0, -1).some((p) => p.variadic)) return undefined;
  // yargs lists demanded before optional; a demanded one after an optional one is not plain.
  if (positionals.some((p, i) => p.demanded && positionals.slice(0, i).some((q) => !q.demanded))) return undefined;
  return { name, positionals };
}

/** What a verb's builder declared; `ok` is false when it called anything else. */
export interface Recorded {
  options: Array<[string, OptionDecl]>;
  conflicts: Array<[string, string]>;
  ok: boolean;
}

/** Run a yargs builder against a recorder. */
export function record(builder: unknown, positionals: Positional[]): Recorded {
  const rec: Recorded = { options: [], conflicts: [], ok: true };
  if (builder === undefined) return rec;
  if (typeof builder !== "function") return { ...rec, ok: false };
  const proxy: object = new Proxy(
    {},
    {
      get: (_t, prop) => {
        if (prop === "option" || prop === "options")
          return (key: unknown, opt: unknown) => {
            if (typeof key !== "string" || typeof opt !== "object" || opt === null) rec.ok = false;
            else addOption(rec, key, opt as Record<string, unknown>);
            return proxy;
          };
        if (prop === "positional")
          return (key: unknown, opt: unknown) => {
            const p = positionals.find((x) => x.name === key);
            if (typeof key !== "string" || !p || typeof opt !== "object" || opt === null) rec.ok = false;
            else addPositional(rec, p, opt as Record<string, unknown>);
            return proxy;
          };
        if (prop === "conflicts")
          return (a: unknown, b: unknown) => {
            if (typeof a !== "string" || typeof b !== "string") rec.ok = false;
            else rec.conflicts.push([a, b]);
            return proxy;
          };
        if (prop === "then") return undefined; // not a promise
        return () => {
          rec.ok = false;
          return proxy;
        };
      },
    },
  );
  try {
    const out = (builder as (y: object) => unknown)(proxy);
    if (out !== proxy && out !== undefined) rec.ok = false;
  } catch {
    rec.ok = false;
  }
  return rec;
}

function addOption(rec: Recorded, key: string, opt: Record<string, unknown>): void {
  for (const k of Object.keys(opt)) if (!KNOWN_OPTION_KEYS.has(k)) rec.ok = false;
  if (opt.type !== undefined && !["boolean", "string", "number"].includes(opt.type as string)) rec.ok = false;
  if (opt.conflicts !== undefined)
    for (const c of ([] as unknown[]).concat(opt.conflicts)) if (typeof c === "string") rec.conflicts.push([key, c]);
  rec.options.push([key, opt as OptionDecl]);
}

function addPositional(rec: Recorded, p: Positional, raw: Record<string, unknown>): void {
  const opt: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === "demandOption" || k === "array" || k === "hidden") continue; // dropped by yargs' positional()
    if (k === "type" && !["string", "number", "boolean"].includes(v as string)) continue;
    if (!POSITIONAL_KEYS.has(k)) continue;
    if (!KNOWN_OPTION_KEYS.has(k)) rec.ok = false; // implies, coerce, normalize…: not plain
    opt[k] = v;
  }
  // What yargs adds from the command string (cmdToParseOptions).
  if (p.variadic) opt.array = true;
  if (p.variadic && !("default" in opt)) opt.default = [];
  if (!("alias" in opt)) opt.alias = p.aliases;
  rec.options.push([p.name, opt as OptionDecl]);
}

type ParserOpts = {
  alias: Record<string, string[]>;
  array: string[];
  boolean: string[];
  string: string[];
  number: string[];
  default: Record<string, unknown>;
  key: Record<string, boolean>;
  configuration: Record<string, boolean>;
};

/** yargs-parser options as yargs builds them for a command (plus yargs' own --help). */
function parserOptions(rec: Recorded): ParserOpts {
  const o: ParserOpts = {
    alias: {},
    array: [],
    boolean: ["help"],
    string: [],
    number: [],
    default: {},
    key: { help: true },
    configuration: {},
  };
  for (const [key, opt] of rec.options) {
    o.key[key] = true;
    const aliases = opt.alias === undefined ? [] : ([] as string[]).concat(opt.alias);
    if (opt.alias !== undefined) o.alias[key] = [...(o.alias[key] ?? []), ...aliases];
    if ("default" in opt) o.default[key] = opt.default;
    const add = (list: string[]) => list.push(key, ...aliases);
    if (opt.type === "boolean") add(o.boolean);
    if (opt.array) add(o.array);
    if (opt.type === "number") add(o.number);
    if (opt.type === "string") add(o.string);
  }
  return o;
}

export interface FastArgv {
  [key: string]: unknown;
  _: (string | number)[];
  $0: string;
}

/**
 * The argv yargs would hand `verb`'s handler for `args` (args[0] is the verb as typed, or an alias),
 * or undefined when the line is not plainly valid or uses anything this parser does not model.
 */
export function fastArgv(
  mod: { command?: unknown; aliases?: unknown; builder?: unknown },
  args: string[],
): FastArgv | undefined {
  if (typeof mod.command !== "string") return undefined;
  const cmd = parseCommandString(mod.command);
  if (!cmd) return undefined;
  const names = [
    cmd.name,
    ...(Array.isArray(mod.aliases) ? mod.aliases : typeof mod.aliases === "string" ? [mod.aliases] : []),
  ];
  if (!args.length || !names.includes(args[0]!)) return undefined;
  const rec = record(mod.builder, cmd.positionals);
  if (!rec.ok) return undefined;
  const opts = parserOptions(rec);
  const first = Parser.detailed(args, {
    ...opts,
    configuration: { "parse-positional-numbers": false, "populate--": true },
  });
  if (first.error) return undefined;
  const argv = first.argv as FastArgv & { "--"?: (string | number)[] };
  // --help / -h, or a trailing `help` word: yargs prints help.
  if (argv.help !== undefined || String(argv._[argv._.length - 1]) === "help") return undefined;
  if (argv._[0] !== args[0]) return undefined;
  // strict(): every key an option or one of its aliases (camel-case ones included).
  const known = new Set<string>(["_", "--"]);
  for (const k of Object.keys(opts.key)) for (const a of [k, ...(first.aliases[k] ?? [])]) known.add(a);
  if (Object.keys(argv).some((k) => !known.has(k))) return undefined;
  // Positionals (populatePositionals): demanded ones must be there, extra ones are unknown arguments.
  const words = argv._.slice(1);
  const demanded = cmd.positionals.filter((p) => p.demanded).length;
  const variadic = cmd.positionals.some((p) => p.variadic);
  if (words.length < demanded || (!variadic && words.length > cmd.positionals.length)) return undefined;
  const map: Record<string, string[]> = {};
  for (const p of cmd.positionals) {
    if (p.variadic) map[p.name] = words.splice(0).map(String);
    else if (words.length) map[p.name] = [String(words.shift())];
  }
  argv._ = [args[0]!, ...words.map(String)];
  if (!postProcess(argv, map, opts, cmd.positionals)) return undefined;
  if (argv["--"]) {
    argv._.push(...argv["--"]);
    delete argv["--"];
  }
  argv.$0 = "docket";
  return validate(argv, rec) ? argv : undefined;
}

/** yargs' postProcessPositionals: parse the positional values as `--name value` and merge them in. */
function postProcess(
  argv: FastArgv,
  map: Record<string, string[]>,
  opts: ParserOpts,
  positionals: Positional[],
): boolean {
  const unparsed: string[] = [];
  for (const [key, values] of Object.entries(map)) for (const v of values) unparsed.push(`--${key}`, v);
  if (!unparsed.length) return true;
  const array = [...opts.array, ...positionals.filter((p) => p.variadic).map((p) => p.name)];
  const parsed = Parser.detailed(unparsed, { ...opts, array, configuration: { "populate--": false } });
  if (parsed.error) return false;
  const keys = Object.keys(map);
  for (const k of Object.keys(map)) keys.push(...(parsed.aliases[k] ?? []));
  const defaulted = (k: string) => Object.hasOwn(opts.default, k) || Object.hasOwn(opts.default, Parser.camelCase(k));
  for (const key of Object.keys(parsed.argv)) {
    if (!keys.includes(key)) continue;
    const value = parsed.argv[key] as unknown;
    if (!defaulted(key) && Object.hasOwn(argv, key) && (Array.isArray(argv[key]) || Array.isArray(value)))
      argv[key] = ([] as unknown[]).concat(argv[key], value);
    else argv[key] = value;
  }
  return true;
}

/** demandOption, choices and conflicts; any doubt → false (yargs then says what is wrong). */
function validate(argv: FastArgv, rec: Recorded): boolean {
  for (const [key, opt] of rec.options) {
    if (opt.demandOption && argv[key] === undefined) return false;
    if (
      opt.choices &&
      argv[key] !== undefined &&
      ([] as unknown[]).concat(argv[key]).some((v) => !opt.choices!.includes(v))
    )
      return false;
  }
  const set = (k: string) => {
    const decl = rec.options.find(([n]) => n === k)?.[1];
    const names = [k, Parser.camelCase(k), ...(decl?.alias === undefined ? [] : ([] as string[]).concat(decl.alias))];
    return names.some((n) => argv[n] !== undefined);
  };
  return !rec.conflicts.some(([a, b]) => set(a) && set(b));
}
