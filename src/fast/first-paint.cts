// The inbox's first paint, before any ES module loads (fast/entry.cts), and the rules it shares with
// the rest of docket (which imports them from here, so each exists once). One CommonJS file, node
// built-ins only: every extra module costs ~0.3 ms on a key press's critical path (docs/benchmarks.md).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

// ─── Ages and time tokens: a view rendered once with tokens in place of ages is shown later with the
// ages of that moment.

const MARK = "\x1d";
let tokens = false;

/** `45s`, `6m`, `2h`, `3d`. Seconds only show below a minute (sub-minute thresholds in tests). */
export function plainAge(ageMs: number): string {
  const s = Math.max(0, Math.floor(ageMs / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** An age, left-padded to `pad`; inside withTimeTokens, a token that fillTimes turns into one later. */
export function formatAge(ageMs: number, pad = 0): string {
  if (tokens) return `${MARK}${Math.max(0, Math.round(ageMs))}:${pad}${MARK}`;
  return plainAge(ageMs).padStart(pad);
}

/** Run a synchronous render with ages written as tokens (never across an await: others would see them). */
export function withTimeTokens<T>(render: () => T): T {
  tokens = true;
  try {
    return render();
  } finally {
    tokens = false;
  }
}

/** Replace the tokens of a text rendered `elapsedMs` ago with the ages of now. */
export function fillTimes(text: string, elapsedMs: number): string {
  // A scan, not a regex: compiling a regex for a text with non-Latin-1 characters costs ~1 ms, on the
  // first paint's critical path.
  let out = "";
  let from = 0;
  for (;;) {
    const open = text.indexOf(MARK, from);
    const close = open < 0 ? -1 : text.indexOf(MARK, open + 1);
    if (close < 0) return out + text.slice(from);
    const colon = text.indexOf(":", open);
    const ms = Number(text.slice(open + 1, colon));
    const pad = Number(text.slice(colon + 1, close));
    if (colon < 0 || colon > close || !Number.isInteger(ms) || !Number.isInteger(pad) || colon === open + 1) {
      out += text.slice(from, open + 1); // a stray mark in someone's text, not a token
      from = open + 1;
      continue;
    }
    out += text.slice(from, open) + plainAge(ms + Math.max(0, elapsedMs)).padStart(pad);
    from = close + 1;
  }
}

// ─── Where the store, pi's agent dir and the project are.

/** pi's agent dir: $PI_CODING_AGENT_DIR or ~/.pi/agent. */
export function agentDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PI_CODING_AGENT_DIR || join(homedir(), ".pi", "agent");
}

/** Store root: $DOCKET_HOME or <agentDir>/docket. */
export function docketHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKET_HOME || join(agentDir(env), "docket");
}

export function findRepoRoot(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, ".git"))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The project of a directory: its repo root, else the directory itself. */
export function projectOf(dir: string): string {
  return findRepoRoot(dir) ?? dir;
}

// ─── The popup command lines the tmux bindings run, parsed by hand: yargs costs more than starting
// node. Anything unusual returns undefined and goes to yargs.

const POPUPS = new Set(["inbox", "verdict", "peek"]);
const BOOL = new Set(["--all"]);
const VALUE = new Set(["--origin-pane", "--client"]);

export interface PopupArgs {
  verb: "inbox" | "verdict" | "peek";
  ref?: string;
  all: boolean;
  pane?: string;
  client?: string;
}

export function parsePopupArgs(argv: string[]): PopupArgs | undefined {
  const [verb, ...rest] = argv;
  if (!verb || !POPUPS.has(verb)) return undefined;
  const out: PopupArgs = { verb: verb as PopupArgs["verb"], all: false };
  for (let i = 0; i < rest.length; i++) {
    const raw = rest[i]!;
    const [flag, inline] = raw.startsWith("--") && raw.includes("=") ? [raw.slice(0, raw.indexOf("=")), raw.slice(raw.indexOf("=") + 1)] : [raw, undefined];
    if (BOOL.has(flag) && inline === undefined) out.all = true;
    else if (VALUE.has(flag)) {
      const v = inline ?? rest[++i];
      if (v === undefined || v.startsWith("--")) return undefined;
      if (flag === "--origin-pane") out.pane = v || undefined;
      else out.client = v || undefined;
    } else if (!raw.startsWith("-") && verb !== "inbox" && out.ref === undefined) out.ref = raw;
    else return undefined;
  }
  return out;
}

// ─── Shell single quotes: the only safe way to put a path into `sh -c` text (fzf's --preview, the
// bindings' popup command).

export function shellQuoteArg(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Why a popup verb cannot run here, in one line, or undefined: it draws full-screen and reads keys,
 * so stdin and stdout must be a terminal. Each names what scripts use instead.
 */
export function needsTerminal(verb: "inbox" | "verdict" | "peek"): string | undefined {
  if (process.stdin.isTTY && process.stdout.isTTY) return undefined;
  const what = process.stdout.isTTY ? "stdin is not a terminal" : "stdout is not a terminal";
  if (verb === "inbox") return `inbox needs a terminal (${what}); for scripts: docket inbox --plain or docket inbox --json`;
  if (verb === "verdict") return `verdict needs a terminal (${what}); for scripts: docket verdict wN --accept | --reject | --option N | … (docket show wN prints the card)`;
  return `peek needs a terminal (${what}); docket show wN prints a worker's card`;
}

/** Hides the terminal cursor while a popup frame is up (ui/term.ts re-exports it). */
export const HIDE_CURSOR = "\x1b[?25l";

// ─── The inbox's fzf command line. Rows are `<key>\t<text>`; the preview of a row is its card in the
// pre-rendered cards file, so a cursor move runs `awk`, never node.

export const INBOX_KEYS = ["enter", "r", "p", "a", "y", "i", "I", "space", "d", "/", "?"];
const KEY_HELP = "Enter verdict · r reply · p peek · a attach · y copy · i/I paste · Space done · d diff · / filter · ? keys";

/** Keys that end fzf and are reported (--expect). */
export function inboxExpect(filter: boolean): string[] {
  return filter ? ["enter"] : INBOX_KEYS;
}

export function inboxTitle(pending: number, scope: string | undefined): string {
  return `docket inbox · ${pending} need you${scope ? ` · ${scope}` : " · all projects"}`;
}

/** Columns fzf gives the list (and so its header lines) in a popup `cols` wide, beside or above the preview. */
export function listWidth(cols: number): number {
  return cols >= 90 ? cols - Math.floor(cols * 0.55) - 3 : cols - 3;
}

/**
 * The header's second line: the key help, or the note of the last action in its place (the help is one
 * `?` away), cut to the list's width with `…` so a cut shows (fzf would cut it with `..` anyway). A
 * note may carry colours: the cut counts printed characters only.
 */
export function headerNote(note: string, cols: number): string {
  if (!note) return KEY_HELP;
  const max = Math.max(8, cols > 0 ? listWidth(cols) : Infinity);
  if (visible(note).length <= max) return note;
  let out = "";
  let shown = 0;
  for (const [text, isEscape] of visible(note).parts) {
    if (isEscape) out += text;
    else if (shown < max - 1) {
      out += text.slice(0, max - 1 - shown);
      shown += Math.min(text.length, max - 1 - shown);
    }
  }
  return `${out}…\x1b[0m`;
}

/** A text split into its SGR escapes and printed runs, and the printed length. */
function visible(s: string): { parts: [string, boolean][]; length: number } {
  const parts: [string, boolean][] = [];
  let length = 0;
  let from = 0;
  for (let i = s.indexOf("\x1b["); i >= 0; i = s.indexOf("\x1b[", from)) {
    const end = s.indexOf("m", i);
    if (end < 0) break;
    parts.push([s.slice(from, i), false], [s.slice(i, end + 1), true]);
    length += i - from;
    from = end + 1;
  }
  parts.push([s.slice(from), false]);
  return { parts, length: length + s.length - from };
}

/** Card width for a popup `cols` wide: the preview takes 55% on the right, or all of it below. */
export function previewWidth(cols: number): number {
  return cols >= 90 ? Math.floor(cols * 0.55) - 3 : cols - 4;
}

/**
 * fzf arguments; the cursor starts on row `pos` (1-based). The title is not among them: it arrives
 * with the rows as a header line (inboxInput), so fzf can start before the rows are known.
 */
export function inboxFzfArgs(dir: string, pos: number, filter: boolean): string[] {
  const args = [
    "--ansi",
    "--no-sort",
    "--layout=reverse",
    "--delimiter=\t",
    "--with-nth=2..",
    "--info=hidden",
    "--header-lines=2",
    // fzf puts the row's key in {1}, single-quoted; awk prints that card from the cards file.
    `--preview=awk -v k={1} '$0 == "\\036" k { f = 1; next } /^\\036/ { f = 0 } f' ${shellQuoteArg(join(dir, CARDS_FILE))}`,
    "--preview-window=right,55%,border-left,wrap,<50(down,50%,border-top,wrap)",
    `--bind=load:pos(${pos})`,
  ];
  if (filter) args.push("--prompt=/ ", "--bind=esc:abort");
  else args.push("--disabled", "--prompt=  ", "--bind=j:down,k:up,q:abort");
  args.push(`--expect=${inboxExpect(filter).join(",")}`);
  return args;
}

/** fzf's input: the title and the key help (or the last action's note) as header lines, then the rows. */
export function inboxInput(title: string, rows: string[], note = "", cols = 0): string[] {
  return [`-\t${title}`, `-\t${headerNote(note, cols)}`, ...rows];
}

/** A row key as a preview file name (keys are ours: w3, w3.e1, b2.c4; anything else is flattened). */
export function previewName(key: string): string {
  return key.replace(/[^\w.-]/g, "_");
}

// ─── fzf as a process: started first, fed its rows when they are ready (fzf starts while we read).

export interface FzfRaw {
  code: number | null;
  stdout: string;
  error?: Error;
}

export interface StartedFzf {
  /** Send the rows (once); fzf reads them while it draws. */
  feed(rows: string[]): void;
  /** Resolves once the rows and their EOF are through the pipe: fzf has its whole list. */
  sent: Promise<void>;
  done: Promise<FzfRaw>;
  kill(): void;
}

/**
 * What every docket fzf depends on, put back over the person's FZF_DEFAULT_OPTS (fzf reads those
 * first; the command line wins): the whole popup (no --height, no border, margin or padding), input
 * order, one pick, and output docket can parse. Their colours, prompt and extra bindings stay. Each
 * fzf's own options come after these (its layout, --multi, --expect, --header-lines, bindings).
 * All of them exist in fzf 0.38, the oldest docket supports.
 */
export const FZF_BASE_ARGS = [
  "--no-height",
  "--no-border",
  "--margin=0",
  "--padding=0",
  "--layout=default",
  "--no-tac",
  "--no-multi",
  "--no-select-1",
  "--no-exit-0",
  "--no-print-query",
  "--no-expect",
  "--no-read0",
  "--no-print0",
  "--no-sync",
  "--no-header",
  "--header-lines=0",
  "--no-preview",
];

/** Start fzf with FZF_BASE_ARGS, then `argv`. */
export function startFzf(argv: string[]): StartedFzf {
  const child = spawn("fzf", [...FZF_BASE_ARGS, ...argv], { stdio: ["pipe", "pipe", "inherit"] });
  const out: Buffer[] = [];
  child.stdout.on("data", (b: Buffer) => out.push(b));
  child.stdin.on("error", () => undefined); // fzf gone early (missing, or quit at once): the exit says why
  const done = new Promise<FzfRaw>((resolve) => {
    child.once("error", (error) => resolve({ code: null, stdout: "", error }));
    child.once("close", (code) => resolve({ code, stdout: Buffer.concat(out).toString("utf8") }));
  });
  const sent = new Promise<void>((resolve) => {
    for (const ev of ["finish", "close", "error"]) child.stdin.once(ev, () => resolve());
    child.once("error", () => resolve());
  });
  return { feed: (rows) => void child.stdin.end(rows.join("\n") + "\n"), sent, done, kill: () => void child.kill("SIGTERM") };
}

// ─── Pre-rendered inbox views (<home>/views/inbox-<hash>.json): the ranked rows and every card,
// rendered with time tokens, plus a fingerprint of every file they were built from. A view is shown
// only while each of those files is unchanged (inode, size, mtime) and no age threshold has been
// crossed (validUntil); otherwise the inbox renders from the store and writes the view again.
// Terminal safety: this file prints a view's rows, cards and verdict frame as they are, with no
// sanitiser of its own (it stays import-free). They are safe because they are sanitised when built:
// every worker text in them went through src/core/sanitize.ts in rowText, renderCard and
// renderChoices (src/ui/inbox-view.ts builds the view from those) before docket's colours wrapped it.
// Version 3: the first views built that way (older ones may hold raw worker text and are not shown).

export const VIEW_VERSION = 3;

export interface InboxView {
  v: number;
  /** Project root the rows are scoped to; null: every project. */
  scope: string | null;
  /** Popup columns the view was rendered for (0: not a terminal). */
  cols: number;
  /** Popup rows the verdict frame was fit to (0: not a terminal); a verdict popup of another height does not paint it. */
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
 * This build of docket: the signature of the compiled first-paint.cjs, rewritten by every `npm run
 * build` (named from the package root, so the sources under test agree with the build they run).
 */
export function buildStamp(): string {
  return signature(join(__dirname, "..", "..", "dist", "fast", "first-paint.cjs"));
}

export function viewsDir(home: string): string {
  return join(home, "views");
}

/** A short stable file name per (scope, popup columns, colour); the file repeats them and is checked. */
export function viewPath(home: string, scope: string | null, cols: number, color: boolean): string {
  return join(viewsDir(home), `inbox-${hash(`${scope ?? "*"}\n${cols}\n${color ? 1 : 0}`)}.json`);
}

/**
 * An input: [path, inode:size:mtime] — or, for a worker's status.json and artifacts.json, also a digest
 * of only what a view shows from it (see DIGESTS), checked when the stat differs: heartbeats, activity
 * stamps and passing commands rewrite these files all the time without changing the inbox.
 */
export type ViewInput = [path: string, sig: string] | [path: string, sig: string, digest: string, kind: DigestKind];

/** FNV-1a, 32 bits, hex. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

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
    const failures = items.filter((a) => a.type === "error" || (a.type === "command" && a.exitCode !== undefined && a.exitCode !== 0));
    const edits = [...new Set(items.filter((a) => a.type === "edit" && typeof a.path === "string").map((a) => a.path as string))].sort();
    return { failures, edits };
  },
};
export type DigestKind = keyof typeof DIGESTS;

/** A digest of what a view shows from a JSON file's text (throws on bad JSON). */
export function contentDigest(text: string, kind: DigestKind): string {
  const t = JSON.stringify(DIGESTS[kind](JSON.parse(text) as Json));
  return `${hash(t)}:${t.length}`;
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
    return v && v.v === VIEW_VERSION && Array.isArray(v.inputs) && Array.isArray(v.rows) && v.previews && typeof v.builtAt === "number" ? v : undefined;
  } catch {
    return undefined; // missing, torn or from another version: the inbox renders from the store
  }
}

/** The view still current for this popup, or undefined. */
export function currentView(home: string, scope: string | null, cols: number, color: boolean, agent: string, now: number): InboxView | undefined {
  const v = parseView(viewPath(home, scope, cols, color));
  if (!v || v.scope !== scope || v.cols !== cols || v.color !== color || v.agentDir !== agent || v.build !== buildStamp()) return undefined;
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

/** What the popup shows, with the ages of `now`. */
export function fillView(view: InboxView, now: number): { rows: string[]; preview(key: string): string } {
  const elapsed = now - view.builtAt;
  return {
    rows: view.rows.map((r) => fillTimes(r, elapsed)),
    preview: (key) => fillTimes(view.previews[key] ?? "", elapsed),
  };
}

/** The cards of one round, one file: `\x1e<key>` lines open each card (see inboxFzfArgs' preview). */
export const CARDS_FILE = "cards";
const CARD_MARK = "\x1e";

/** Write every card of a view, ages of `now`, into <dir>/cards (one write). Returns the filled rows. */
export function writeCards(view: InboxView, dir: string, now: number): string[] {
  const shown = fillView(view, now);
  const keys = view.rows.map((r) => r.slice(0, r.indexOf("\t")));
  // A mark at the start of a card's own line would end it early: it is dropped from the text.
  const cards = keys.map((k) => `${CARD_MARK}${k}\n${shown.preview(k).split(CARD_MARK).join("")}`).join("");
  writeFileSync(join(dir, CARDS_FILE), cards, { mode: 0o600 });
  return shown.rows;
}

/** Put a view on a started fzf: the cards first (a cursor move never finds its card missing), then the rows. */
export function presentView(fzf: StartedFzf, view: InboxView, dir: string, note: string, now: number): void {
  const rows = writeCards(view, dir, now);
  fzf.feed(inboxInput(inboxTitle(view.pending, view.scope ?? undefined), rows, note, view.cols));
}
