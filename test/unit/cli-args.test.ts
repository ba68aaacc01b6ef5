// The CLI's fast path (src/cli/args.ts) against yargs itself: for every verb and many command lines,
// whenever the fast path takes a line its handler gets exactly the argv yargs would hand it; lines
// that are not plainly valid are refused (main.ts then runs yargs, which says what is wrong).
import { describe, expect, it } from "vitest";
import yargs from "yargs";
import { fastArgv, parseCommandString, record, type OptionDecl } from "../../src/cli/args.js";
import { cliYargs, type Loaded } from "../../src/cli/main.js";
import { VERBS } from "../../src/cli/verbs.js";

type Mod = Loaded["default"];
const mods = new Map<string, Mod>();
async function mod(verb: string): Promise<Mod> {
  if (!mods.has(verb)) mods.set(verb, ((await VERBS[verb]!.load()) as Loaded).default);
  return mods.get(verb)!;
}

/** What yargs hands the handler for `argv`, or the error it fails with. */
async function viaYargs(verb: string, argv: string[]): Promise<{ argv?: Record<string, unknown>; error?: string }> {
  const m = await mod(verb);
  let got: Record<string, unknown> | undefined;
  const handler = (a: Record<string, unknown>) => {
    got = { ...a };
  };
  const wrapped = { default: { ...m, handler } } as Loaded;
  try {
    await cliYargs(yargs, argv, [wrapped]).exitProcess(false).parseAsync();
  } catch (err) {
    return { error: (err as Error).message };
  }
  return got ? { argv: got } : { error: "handler not called" };
}

const WORDS = [
  ["fix it"],
  ["-"],
  ["0x1", "1e3", "007"],
  ["--no-such", "x"],
  ["-5"],
  ["it's", "$(rm -rf ~)", "`id`", '"quoted"'],
  ["12", "3.5"],
  ["a", "--", "b", "--json"],
  ["-x"],
];

/** Positionals that take one of a few words (their `choices`): a valid one. */
const POSITIONAL_VALUE: Record<string, string> = { event: "pane-died", action: "refresh", op: "pull" };

/** Command lines for a verb, built from its own declarations. */
function linesFor(verb: string, m: Mod): string[][] {
  const cmd = parseCommandString(String(m.command))!;
  const rec = record(m.builder, cmd.positionals);
  const name = verb === "log" ? "decisions" : verb;
  const pos: string[] = [];
  for (const p of cmd.positionals)
    pos.push(...(p.variadic ? ["first", "second word"] : [POSITIONAL_VALUE[p.name] ?? "w1"]));
  const req = cmd.positionals.filter((p) => p.demanded).map((p) => POSITIONAL_VALUE[p.name] ?? "x");
  const lines: string[][] = [
    [verb],
    [verb, ...req],
    [verb, ...pos],
    [name, ...pos],
    [verb, "--", ...pos],
    [verb, ...req, "--", "-w1", "x"],
  ];
  if (cmd.positionals.length)
    lines.push([verb, ...req, ...pos, "extra", "words"], [verb, ...pos, "help"], [verb, "-w1"]);
  for (const w of WORDS) lines.push([verb, ...req, ...w]);
  for (const [key, o] of rec.options as Array<[string, OptionDecl]>) {
    if (cmd.positionals.some((p) => p.name === key)) {
      lines.push([verb, `--${key}`, "w2", ...req]);
      continue;
    }
    const flag = key.length === 1 ? `-${key}` : `--${key}`;
    const camel = key.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    if (o.type === "boolean")
      lines.push(
        [verb, ...req, flag],
        [verb, `--no-${key}`, ...req],
        [verb, ...req, `${flag}=false`],
        [verb, ...req, `--${camel}`],
        [verb, flag, "w1"],
      );
    else if (o.type === "number")
      lines.push(
        [verb, ...req, flag, "3"],
        [verb, `${flag}=7`, ...req],
        [verb, ...req, flag, "abc"],
        [verb, ...req, flag],
        [verb, ...req, flag, "-2"],
      );
    else
      lines.push(
        [verb, ...req, flag, "v 1"],
        [verb, `${flag}=%3`, ...req],
        [verb, ...req, `--${camel}`, "c"],
        [verb, ...req, flag],
        [verb, ...req, flag, "a", flag, "b"],
      );
    for (const a of o.alias === undefined ? [] : ([] as string[]).concat(o.alias))
      lines.push([verb, ...req, a.length === 1 ? `-${a}` : `--${a}`, ...(o.type === "boolean" ? [] : ["%9"])]);
  }
  // Everything at once, and options before positionals.
  const all = rec.options
    .filter(([k]) => !cmd.positionals.some((p) => p.name === k))
    .flatMap(([k, o]) => [
      k.length === 1 ? `-${k}` : `--${k}`,
      ...(o.type === "boolean" ? [] : [o.type === "number" ? "2" : "s"]),
    ]);
  lines.push([verb, ...all, ...pos], [verb, ...pos, ...all]);
  return lines;
}

describe("the CLI fast path matches yargs", () => {
  for (const verb of Object.keys(VERBS)) {
    it(verb, async () => {
      const m = await mod(verb);
      let fast = 0;
      for (const line of linesFor(verb, m)) {
        const got = fastArgv(m, line);
        if (line[line.length - 1] === "help") {
          expect(got, JSON.stringify(line)).toBeUndefined();
          continue;
        }
        const y = await viaYargs(verb, line);
        if (got) {
          fast++;
          expect(y.error, `yargs refused ${JSON.stringify(line)} but the fast path took it`).toBeUndefined();
          expect({ line, argv: got }).toEqual({ line, argv: y.argv });
        } else if (y.argv && y.argv.help === undefined) {
          // Refusing a valid line is allowed (yargs runs it), but the plain ones must be fast: below.
        }
      }
      expect(fast, `${verb}: no line took the fast path`).toBeGreaterThan(0);
    });
  }

  it("takes the plain lines of the goal verbs", async () => {
    for (const line of [
      ["workers"],
      ["workers", "--all", "--json"],
      ["status"],
      ["status", "--json"],
      ["show", "w1"],
      ["show", "w1", "--json"],
      ["inbox", "--plain"],
      ["inbox", "--json", "--all"],
      ["log"],
      ["log", "decisions", "--since", "24h", "--limit=5"],
      ["decisions"],
      ["kinds"],
      ["kinds", "--json"],
      ["list"],
      ["list", "--workers", "--json"],
      ["search", "x"],
      ["search", "stale", "cache", "--limit", "3", "--json"],
      ["tell", "w1", "it's", "$(rm -rf ~)", "--q", "2"],
      ["tell", "--", "w1", "hi"],
      ["spawn", "--as", "scout", "--", "fix", "the", "build"],
      ["save", "a", "note", "-y", "--from", "w1"],
      ["paste", "w1.c1", "-t", "%3"].slice(0, 0), // not a VERBS entry
      ["hook", "pane-died", "abc", "%2", "0", "--wrapper"],
    ].filter((l) => l.length)) {
      const verb = VERBS[line[0]!] ? line[0]! : "log";
      const m = await mod(verb);
      const got = fastArgv(m, line);
      expect(got, JSON.stringify(line)).toBeDefined();
      expect(got).toEqual((await viaYargs(verb, line)).argv);
    }
  });

  it("refuses what is not plainly valid", async () => {
    for (const line of [
      ["workers", "--help"],
      ["workers", "-h"],
      ["workers", "help"],
      ["workers", "--jsn"],
      ["workers", "extra"],
      ["workers", "--no-colour"],
      ["show", "w1", "w2"],
      ["show", "-w1"],
      ["stop", "-w1"],
      ["inbox", "--plain", "--json"],
      ["list", "--workers", "--all"],
      ["spawn", "--seed", "--fresh", "x"],
      ["spawn", "--no-seed", "--fresh", "x"],
      ["search"],
      ["search", "--", "x"],
      ["copy"],
      ["hook", "pane-exited", "abc", "%2"],
      ["hook", "pane-died", "abc"],
      ["views", "rebuild"],
      ["tell", "w1", "hi", "--get-yargs-completions"],
      ["log", "--version"],
      ["--json", "workers"],
    ]) {
      const verb = VERBS[line[0]!] ? line[0]! : (line.find((a) => VERBS[a]) ?? "workers");
      expect(fastArgv(await mod(verb), line), JSON.stringify(line)).toBeUndefined();
    }
  });

  it("refuses builders it does not understand", () => {
    const m = {
      command: "x [a]",
      builder: (y: { option: (k: string, o: object) => unknown }) => y.option("n", { type: "count" }),
    };
    expect(fastArgv(m, ["x"])).toBeUndefined();
    const m2 = { command: "x [a]", builder: (y: { check: (f: () => boolean) => unknown }) => y.check(() => true) };
    expect(fastArgv(m2, ["x"])).toBeUndefined();
  });
});
