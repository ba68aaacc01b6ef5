// Pre-rendered inbox views (<home>/views/inbox-<hash>.json) and keeping them current.
//
// A view holds the ranked rows and every card, rendered with time tokens, plus a fingerprint of every
// file they were built from. It is shown only while each of those files is unchanged (inode, size,
// mtime) and no age threshold has been crossed (validUntil); otherwise the inbox renders from the
// store and writes the view again. Whoever changes what an inbox shows asks for a refresh, and a
// detached `docket views refresh` rebuilds the stale ones, so the next inbox key paints from a view.
// Node built-ins only (the worker extension asks for refreshes); asking never throws; nothing happens
// until someone has opened an inbox (no views directory).
//
// Terminal safety: a view's rows, cards and verdict frame are printed as they are, with no sanitiser
// on the paint path. They are safe because they are sanitised when built: every worker text in them
// went through src/core/sanitize.ts in rowText, renderCard and renderChoices (src/ui/inbox-view.ts
// builds the view from those) before docket's colours wrapped it. Version 3: the first views built
// that way (older ones may hold raw worker text and are not shown).
import { fnv1a32 } from "../core/hash.js";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnDocket } from "./detached.js";
import { cliEntry } from "./paths.js";

export const VIEW_VERSION = 3;

export interface InboxView {
  v: number;
  /** Project root the rows are scoped to; null: every project. */
  scope: string | null;
  /** Popup columns the view was rendered for (0: not a terminal). */
  cols: number;
  /**
   * Popup rows the verdict frame was fit to (0: not a terminal);
   * a verdict popup of another height does not paint it.
   */
  height?: number;
  /** Card width the previews were wrapped to. */
  width: number;
  color: boolean;
  /** pi's agent dir whose docket.json the view read (its path is among the inputs). */
  agentDir: string;
  /** The docket build that rendered it (see buildStamp): an upgrade renders anew. */
  build: string;
  builtAt: number;
  /** First moment a warning or the hiding of a worker would change what is shown. */
  validUntil: number;
  /** Every input, signed before it was read. */
  inputs: ViewInput[];
  pending: number;
  /** `<key>\t<row text>`, ranked. */
  rows: string[];
  /** Card text by row key. */
  previews: Record<string, string>;
  /** The verdict popup's first frame for this scope: the top decision, its card and choices. */
  verdict?: { label: string; screen: string };
}

/**
 * This build of docket: the signature (inode, size, mtime) of the built entry, which every `npm run
 * build` writes anew with the rest of dist/ (the build removes dist/ first), as does an install. Named
 * from the package root, so the sources under test agree with the build they run.
 */
export function buildStamp(): string {
  return signature(cliEntry());
}

export function viewsDir(home: string): string {
  return join(home, "views");
}

/** A short stable file name per (scope, popup columns, colour); the file repeats them and is checked. */
export function viewPath(home: string, scope: string | null, cols: number, color: boolean): string {
  return join(viewsDir(home), `inbox-${fnv1a32(`${scope ?? "*"}\n${cols}\n${color ? 1 : 0}`)}.json`);
}

/**
 * An input: [path, inode:size:mtime] — or, for a worker's status.json and artifacts.json, also a digest
 * of only what a view shows from it (see DIGESTS), checked when the stat differs: heartbeats, activity
 * stamps and passing commands rewrite these files all the time without changing the inbox.
 */
export type ViewInput = [path: string, sig: string] | [path: string, sig: string, digest: string, kind: DigestKind];

type Json = Record<string, unknown>;
const without = (o: Json, keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
const VOLATILE = ["heartbeatAt", "extensionPid", "updatedAt"];

/** What a view reads from each kind of file. Kept in step with card.ts, ranking.ts and overlap.ts. */
const DIGESTS = {
  /** A worker's record, minus liveness stamps; lastActivityAt only matters while it shows as silent. */
  status: (o: Json) => without(o, [...VOLATILE, "lastActivityAt"]),
  "status-silent": (o: Json) => without(o, VOLATILE),
  /** Evidence: failed commands and errors (inbox items, card lines) and the paths of edits (overlap). */
  artifacts: (o: Json) => {
    const items = Array.isArray(o.items) ? (o.items as Json[]) : [];
    const failures = items.filter(
      (a) => a.type === "error" || (a.type === "command" && a.exitCode !== undefined && a.exitCode !== 0),
    );
    const edits = [
      ...new Set(items.filter((a) => a.type === "edit" && typeof a.path === "string").map((a) => a.path as string)),
    ].sort();
    return { failures, edits };
  },
};
export type DigestKind = keyof typeof DIGESTS;

/** A digest of what a view shows from a JSON file's text (throws on bad JSON). */
export function contentDigest(text: string, kind: DigestKind): string {
  const t = JSON.stringify(DIGESTS[kind](JSON.parse(text) as Json));
  return `${fnv1a32(t)}:${t.length}`;
}

/** inode:size:mtime of a file or directory; "-" when it does not exist. Atomic renames change the inode. */
export function signature(path: string): string {
  const st = statSync(path, { throwIfNoEntry: false });
  return st ? `${st.ino}:${st.size}:${st.mtimeMs}` : "-";
}

export function fingerprint(paths: string[]): ViewInput[] {
  return paths.map((p) => [p, signature(p)]);
}

export function inputUnchanged(input: ViewInput): boolean {
  const [path, sig, digest, kind] = input;
  const now = signature(path);
  if (now === sig) return true;
  if (digest === undefined || kind === undefined || now === "-" || !(kind in DIGESTS)) return false;
  try {
    return contentDigest(readFileSync(path, "utf8"), kind) === digest;
  } catch {
    return false;
  }
}

/** Whether every input is as it was when the view was built. */
export function inputsUnchanged(view: Pick<InboxView, "inputs">): boolean {
  return view.inputs.every(inputUnchanged);
}

function parseView(path: string): InboxView | undefined {
  try {
    const v = JSON.parse(readFileSync(path, "utf8")) as InboxView;
    return v &&
      v.v === VIEW_VERSION &&
      Array.isArray(v.inputs) &&
      Array.isArray(v.rows) &&
      v.previews &&
      typeof v.builtAt === "number"
      ? v
      : undefined;
  } catch {
    return undefined; // missing, torn or from another version: the inbox renders from the store
  }
}

/** The view still current for this popup, or undefined. */
export function currentView(
  home: string,
  scope: string | null,
  cols: number,
  color: boolean,
  agent: string,
  now: number,
): InboxView | undefined {
  const v = parseView(viewPath(home, scope, cols, color));
  if (
    !v ||
    v.scope !== scope ||
    v.cols !== cols ||
    v.color !== color ||
    v.agentDir !== agent ||
    v.build !== buildStamp()
  )
    return undefined;
  if (now >= v.validUntil || now < v.builtAt) return undefined;
  return inputsUnchanged(v) ? v : undefined;
}

/** Views on disk that are out of date (for the refresher), with their paths. */
export function staleViews(home: string, now: number): { path: string; view: InboxView }[] {
  let names: string[];
  try {
    names = readdirSync(viewsDir(home));
  } catch {
    return [];
  }
  const out: { path: string; view: InboxView }[] = [];
  for (const n of names) {
    if (!/^inbox-[0-9a-f]{8}\.json$/.test(n)) continue;
    const path = join(viewsDir(home), n);
    const v = parseView(path);
    if (v && (now >= v.validUntil || v.build !== buildStamp() || !inputsUnchanged(v))) out.push({ path, view: v });
  }
  return out;
}

/** Write atomically (0600 in a 0700 dir): a reader sees the old view or the new one, never half. */
export function writeView(home: string, view: InboxView): void {
  const dir = viewsDir(home);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = viewPath(home, view.scope, view.cols, view.color);
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(view), { mode: 0o600 });
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

// ─── Asking for a refresh.

/** At most one refresher per home per this gap from one process; later asks fold into a trailing one. */
const GAP_MS = 2_000;
const lastSpawn = new Map<string, number>();
const trailing = new Map<string, NodeJS.Timeout>();

function spawnRefresher(home: string): void {
  lastSpawn.set(home, Date.now());
  spawnDocket(home, ["views", "refresh"]); // if it cannot start, the next inbox renders from the store
}

/** Homes whose refreshes are held (holdViewRefresh), and whether one was asked for meanwhile. */
const held = new Map<string, boolean>();

/**
 * Hold refreshes for `home` while a command writes several times in a row (spawn): the requests in
 * between become one refresh when the returned release runs (or the process exits), instead of a
 * refresher started mid-command that competes with it for the CPU. Releasing twice is harmless.
 */
export function holdViewRefresh(home: string): () => void {
  if (held.has(home)) return () => undefined;
  held.set(home, false);
  let done = false;
  const release = (): void => {
    if (done) return;
    done = true;
    process.off("exit", release);
    const asked = held.get(home);
    held.delete(home);
    if (asked) requestViewRefresh(home);
  };
  process.once("exit", release);
  return release;
}

export function requestViewRefresh(home: string): void {
  try {
    if (held.has(home)) {
      held.set(home, true);
      return;
    }
    if (!existsSync(viewsDir(home))) return;
    const since = Date.now() - (lastSpawn.get(home) ?? 0);
    if (since >= GAP_MS) return spawnRefresher(home);
    if (trailing.has(home)) return;
    const fire = () => {
      clearTimeout(t);
      process.off("exit", fire);
      trailing.delete(home);
      spawnRefresher(home);
    };
    const t = setTimeout(fire, GAP_MS - since);
    t.unref();
    // A short command exits before the gap ends: its last change must still be refreshed.
    process.once("exit", fire);
    trailing.set(home, t);
  } catch {
    /* a refresh is an optimisation; never a reason to fail a write */
  }
}
