// What every worker-facing verb does first: reconcile with tmux, list records, resolve a ref.
import { docketHome } from "../core/env.js";
import { DocketError } from "../core/errors.js";
import { checkRef, resolveRef } from "../core/refs.js";
import type { WorkerStatus } from "../core/schema.js";
import { listWorkers, type BadRecord } from "../store/workers.js";
import { reconcileFleet } from "./reconcile.js";

export interface Fleet {
  home: string;
  workers: WorkerStatus[];
  bad: BadRecord[];
}

/** Reconcile then list. Bad records are returned (and named) so one broken file hides nothing else. */
export async function loadFleet(env: NodeJS.ProcessEnv = process.env): Promise<Fleet> {
  const home = docketHome(env);
  // One read of the records, a second only when reconciling changed one.
  const listed = listWorkers(home);
  const { workers, bad } = (await reconcileFleet(home, env, listed.workers)) ? listWorkers(home) : listed;
  return { home, workers, bad };
}

export function reportBad(bad: BadRecord[], write: (l: string) => void = (l) => process.stderr.write(l)): void {
  for (const b of bad) write(`docket: warning: skipped unreadable worker record: ${b.problem}\n`);
}

/** Resolve a ref; a bad record with exactly that id is named instead of "unknown worker". */
export function pick(fleet: Fleet, ref: string): WorkerStatus {
  try {
    return resolveRef(ref, fleet.workers);
  } catch (err) {
    const bad = fleet.bad.find((b) => b.id === ref);
    if (bad) throw new DocketError(`worker record unreadable: ${bad.problem}`);
    throw err;
  }
}

/** Text from argv words, or all of stdin when the only word is `-`. Multi-line text is kept as is. */
export async function textArg(words: string[], what: string): Promise<string> {
  if (words.length === 1 && words[0] === "-") {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    if (!text.trim()) throw new DocketError(`empty ${what} on stdin`);
    return text;
  }
  const text = words.join(" ");
  if (!text.trim()) throw new DocketError(`empty ${what}`);
  return text;
}

/**
 * The verb's free words: everything after `--` verbatim, else yargs' positionals; yargs drops a lone
 * `-`, so it is recovered from the raw argv (it means "read stdin").
 */
export function freeWords(parsed: unknown[] | undefined, argv: string[] = process.argv): string[] {
  const after = wordsAfterDashDash(argv);
  if (after) return after;
  const words = (parsed ?? []).map(String);
  if (!words.length && argv.slice(2).includes("-")) return ["-"];
  return words;
}

/** Words after the first `--` in the raw argv, verbatim (yargs would otherwise coerce `0x1`, `1e3`…). */
export function wordsAfterDashDash(argv: string[] = process.argv): string[] | undefined {
  const i = argv.indexOf("--");
  return i >= 0 ? argv.slice(i + 1) : undefined;
}

/**
 * A verb's worker ref and the words after it, the ref's syntax checked before anything touches the
 * store or tmux. yargs fills no positional after `--`, so in `docket stop -- w1` (or `tell -- w1 hi`)
 * the first word after `--` is the ref and the rest are the words; with the ref before `--`
 * (`tell w1 -- --literal text`) the words are all those after `--`, as freeWords gives them.
 * `keep` lets special refs through unchecked (`all`, `last`, `b2`).
 */
export function refAndWords(
  verb: string,
  parsedRef: unknown,
  parsedWords: unknown[] | undefined,
  argv: string[] = process.argv,
  keep: (ref: string) => boolean = () => false,
): { ref: string; words: string[] } {
  let ref: string | undefined;
  let words: string[];
  if (parsedRef !== undefined && parsedRef !== null) {
    ref = String(parsedRef);
    words = freeWords(parsedWords, argv);
  } else {
    const after = wordsAfterDashDash(argv) ?? [];
    ref = after[0];
    words = after.slice(1);
  }
  if (ref === undefined) throw new DocketError(`${verb} needs a worker: docket ${verb} <wN>`);
  return { ref: keep(ref) ? ref : checkRef(ref), words };
}

/** The ref of a verb that takes nothing after it (`docket stop [--] <ref>`). */
export function refArg(
  verb: string,
  parsedRef: unknown,
  argv: string[] = process.argv,
  keep?: (ref: string) => boolean,
): string {
  const { ref, words } = refAndWords(verb, parsedRef, undefined, argv, keep);
  // With the ref before `--`, freeWords falls back to none; words after the ref are refused.
  const extra = parsedRef !== undefined && parsedRef !== null ? (wordsAfterDashDash(argv) ?? []) : words;
  if (extra.length)
    throw new DocketError(`unexpected argument after ${JSON.stringify(ref)}: ${JSON.stringify(extra[0])}`);
  return ref;
}
