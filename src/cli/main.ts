// The CLI, after main.ts's popup fast path. Loads only the module of the verb being run.
import type { Argv, CommandModule } from "yargs";
import { DocketError } from "../core/errors.js";
import { VERBS } from "./verbs.js";
import { out, quietOnClosedPipe } from "../core/stdout.js";

// biome-ignore lint/suspicious/noExplicitAny: each command module types its own argv; the loader only hands it to yargs
export type Loaded = { default: CommandModule<object, any> };

/** Run one docket command line; any error ends the process with its one-line message. */
export async function main(argv: string[]): Promise<void> {
  try {
    await run(argv);
  } catch (err) {
    (await import("./fail.js")).exitWithError(err);
  }
}

async function run(argv: string[]): Promise<void> {
  const verb = argv.find((a) => !a.startsWith("-"));
  const aliasOf = verb ? Object.entries(VERBS).find(([, v]) => v.aliases?.includes(verb))?.[0] : undefined;
  const chosen = verb && (VERBS[verb] ? verb : aliasOf);
  // Started now so it loads while the prune check runs (popups: one node start is the budget).
  const fast = import("./popup-fast.js");
  // Eviction runs as part of ordinary commands (no daemon); maybePrune never throws.
  if (chosen && VERBS[chosen]!.prune) {
    const [{ maybePrune }, { docketHome }] = await Promise.all([
      import("../workers/prune.js"),
      import("../core/env.js"),
    ]);
    await maybePrune(docketHome());
    // The parent's HEAD moved since its change sets were graded (a commit, a checkout): regrade, detached.
    const [{ regradeIfMoved }, { projectOf }] = await Promise.all([
      import("../workers/regrade.js"),
      import("../store/paths.js"),
    ]);
    regradeIfMoved(docketHome(), projectOf(process.cwd()));
    // Remote workers: catch their mirrors up first (one stat when no host is configured).
    const [{ existsSync }, { hostsFile }] = await Promise.all([import("node:fs"), import("../store/hosts.js")]);
    if (existsSync(hostsFile(docketHome())))
      for (const p of await (await import("../workers/mirror.js")).syncRemotes(docketHome()))
        process.stderr.write(`docket: warning: ${p}\n`);
  }
  // The store is 0700 even when it existed before docket did (one stat per process).
  const [{ tightenDir }, { docketHome }] = await Promise.all([import("../store/fsutil.js"), import("../core/env.js")]);
  tightenDir(docketHome());
  // Popup key bindings skip yargs (it costs more than node's own start): see popup-fast.ts.
  if (await (await fast).tryPopupFast(argv)) return;
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
    out(`${(await import("../store/paths.js")).packageVersion() ?? "unknown"}\n`);
    return;
  }
  // A plainly valid command line runs its handler without yargs (args.ts); anything else, yargs.
  if (chosen && argv[0] === verb) {
    const [mod, { fastArgv }] = await Promise.all([VERBS[chosen]!.load() as Promise<Loaded>, import("./args.js")]);
    const fastArgs = fastArgv(mod.default, argv);
    if (fastArgs) {
      await mod.default.handler(fastArgs);
      return;
    }
  }
  // yargs prints help and completion through process.stdout, not out(): `docket --help | head` ends quietly too.
  quietOnClosedPipe();
  const { default: yargs } = await import("./yargs.js");
  const names = chosen ? [chosen] : Object.keys(VERBS);
  const mods = await Promise.all(names.map((n) => VERBS[n]!.load() as Promise<Loaded>));
  await cliYargs(yargs, argv, mods).parseAsync();
}

/** docket's yargs setup for `argv` with the verbs' modules `mods` (exported for the fast path's test). */
export function cliYargs(yargs: typeof import("yargs").default, argv: string[], mods: Loaded[]): Argv {
  let y = yargs(argv)
    .scriptName("docket")
    .strict()
    .demandCommand(1, "name a command; `docket --help` lists them")
    .recommendCommands()
    .help()
    .completion("completion", "print a bash/zsh completion script (add `source <(docket completion)` to your shell rc)")
    .version(false)
    .fail((msg, err) => {
      // `docket stop -w1`: yargs sees a flag `-w`; say what it is, an invalid worker ref.
      const flagRef =
        !err && /^Unknown argument/.test(msg) && (takesRef(mods) || argv.includes("--from"))
          ? argv.find((a) => /^-+w?\d+$/.test(a))
          : undefined;
      throw (
        err ?? new DocketError(flagRef ? `invalid worker ref: ${JSON.stringify(flagRef)} (use wN, N or an id)` : msg)
      );
    });
  for (const m of mods) y = y.command(m.default);
  skipHelpCache(y);
  return y;
}

/**
 * The one chosen verb has a worker-ref positional (`stop [ref]`, `load [source]`…);
 * `save --from` is checked by the caller.
 */
function takesRef(mods: Loaded[]): boolean {
  return mods.length === 1 && /[<[](ref|source)[\]>]/.test(String(mods[0]!.default.command ?? ""));
}

/**
 * yargs renders the whole help text before running any command, in case the handler asks for it
 * (we never do): ~20 ms of string-width on every command. `--help` still renders it. Internal API,
 * so guarded: if yargs changes, we only lose the saving.
 */
function skipHelpCache(y: unknown): void {
  try {
    const usage = (y as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: unknown } } })
      .getInternalMethods?.()
      .getUsageInstance?.();
    if (usage && typeof usage.cacheHelpMessage === "function") usage.cacheHelpMessage = () => undefined;
  } catch {
    /* a newer yargs without this method */
  }
}
