// What docket.tmux does to a tmux server, as a pure plan: key bindings with resolved values baked in,
// status-line placeholder rewrites, the optional status-auto, and the plugin state for `docket doctor`.
// Applying the same plan twice changes nothing (re-sourcing tmux.conf is idempotent).
import { join } from "node:path";
import { shellQuote as shQuote } from "../core/quote.js";
import { ENTRIES } from "../store/paths.js";
import { formatLiteral } from "./format.js";
import {
  isOn,
  PLACEHOLDERS,
  rewritePlaceholders,
  STATUS_OPTIONS,
  type DocketOptions,
  type OptionName,
} from "./options.js";

export { rewritePlaceholders, STATUS_OPTIONS };

export interface KeySpec {
  name: "inbox" | "verdict" | "peek" | "spawn" | "next";
  option: OptionName;
  note: string;
  /** docket arguments after the binary. */
  args: string[];
  /** Opens a popup (else runs in the background and talks back with display-message). */
  popup: boolean;
}

export const KEYS: KeySpec[] = [
  {
    name: "inbox",
    option: "@docket-key-inbox",
    note: "docket: inbox of decisions waiting for you",
    args: ["inbox"],
    popup: true,
  },
  {
    name: "verdict",
    option: "@docket-key-verdict",
    note: "docket: verdict on the top decision",
    args: ["verdict"],
    popup: true,
  },
  { name: "peek", option: "@docket-key-peek", note: "docket: peek at a worker", args: ["peek"], popup: true },
  {
    name: "spawn",
    option: "@docket-key-spawn",
    note: "docket: spawn a worker",
    args: ["spawn", "--prompt"],
    popup: true,
  },
  {
    name: "next",
    option: "@docket-key-next",
    note: "docket: jump to the worker waiting longest on a question",
    args: ["next"],
    popup: false,
  },
];

export { shQuote };

/** tmux command-language double quotes (backslash, quote and $ escaped). */
export function tmuxQuote(s: string): string {
  return `"${s.replace(/[\\"$]/g, (m) => `\\${m}`)}"`;
}

/** Literal text inside a string tmux expands as a format (one expansion). */
export const literal = formatLiteral;

/** tmux key names we accept: plain keys, named keys and C-/M-/S- modifiers. */
export function validKey(k: string): boolean {
  return /^(?:[CMS]-)*(?:[!-~]|[A-Z][A-Za-z0-9]*|F\d{1,2})$/.test(k);
}

/**
 * The bind-key command for one key. Popups go through `run-shell -C` so tmux expands #{pane_id} and
 * #{client_tty} before display-popup runs (display-popup itself does not expand its shell command);
 * no shell is started on the way, and the key press starts exactly one docket process.
 */
export function bindCommand(k: KeySpec, key: string, bin: string, o: DocketOptions): string[] {
  const exe = literal(shQuote(bin));
  if (!k.popup) {
    const sh = `${exe} ${k.args.join(" ")} --client '#{client_tty}' >/dev/null 2>&1`;
    return ["bind-key", "-N", k.note, "-T", "prefix", key, "run-shell", "-b", sh];
  }
  const sh = `${exe} ${k.args.join(" ")} --origin-pane '#{pane_id}' --client '#{client_tty}'`;
  const geo: string[] = [];
  const add = (flag: string, v: string) => {
    if (v.trim()) geo.push(flag, tmuxQuote(literal(v.trim())));
  };
  add("-w", o["@docket-popup-width"]);
  add("-h", o["@docket-popup-height"]);
  add("-x", o["@docket-popup-x"]);
  add("-y", o["@docket-popup-y"]);
  const popup = ["display-popup", "-E", ...geo, "-d", tmuxQuote("##{pane_current_path}"), tmuxQuote(sh)].join(" ");
  return ["bind-key", "-N", k.note, "-T", "prefix", key, "run-shell", "-C", popup];
}

/** Marks the lines of `list-keys -N -P <KEY_LINE_PREFIX> -T prefix` among the other output. */
export const KEY_LINE_PREFIX = "docket-key:";

/** key → note, from `list-keys -N -P docket-key: -T prefix` lines. */
export function parseKeyLines(lines: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const l of lines) {
    if (!l.startsWith(KEY_LINE_PREFIX)) continue;
    const r = /^(\S+)\s+(.*)$/.exec(l.slice(KEY_LINE_PREFIX.length));
    if (r) m.set(r[1]!, r[2]!);
  }
  return m;
}

/** The index docket's hooks use in tmux's hook arrays, so the user's own hooks stay untouched. */
export const HOOK_INDEX = 4271;
/** Hooks after which a placeholder set after the plugin loaded gets rewritten: the first session after the
 *  startup config (tmux runs no hooks while it reads it), a client attaching, and set-option (a reload). */
export const PLACEHOLDER_HOOKS = ["session-created", "client-attached", "after-set-option"] as const;

/** A tmux format that is 1 while a status option still holds a raw placeholder (checked by tmux itself, no process). */
export function placeholderCondition(): string {
  // `#}` is a literal brace inside a format; the regex names exactly the placeholders.
  const re = `[{]docket_(${Object.keys(PLACEHOLDERS)
    .map((p) => p.slice(9, -1))
    .join("|")})[#}]`;
  const tests = STATUS_OPTIONS.map((o) => `#{m/r:${re},#{${o}}}`);
  return tests.reduce((acc, t) => `#{||:${acc},${t}}`);
}

/** The hook command: when a raw placeholder is left, run the plugin's rewrite (blocking, so a reload's
 *  next set-option waits for it and nothing the person sets afterwards is overwritten). */
export function placeholderHook(node: string, root: string): string {
  const sh = `${literal(shQuote(node))} ${literal(shQuote(join(root, "dist", ENTRIES.plugin)))} --placeholders`;
  return `if-shell -F ${tmuxQuote(placeholderCondition())} ${tmuxQuote(`run-shell ${tmuxQuote(sh)}`)}`;
}

/** key → command, from `list-keys -T prefix` lines (`bind-key [-r] -T prefix KEY COMMAND`). */
export function parseBindLines(lines: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const l of lines) {
    const r = /^bind-key\s+(?:-r\s+)?-T\s+prefix\s+(\S+)\s+(.*)$/.exec(l);
    if (r) m.set(r[1]!, r[2]!.trim());
  }
  return m;
}

/** Words of the message for a default key left alone because the person bound it. */
export const SKIP_WORDS = "is bound to something else";

export interface PlanInput {
  opts: DocketOptions;
  /** Global session and window options as read. */
  all: Map<string, string>;
  /** `list-keys -N -P docket-key: -T prefix` lines (key and note). */
  keyLines: string[];
  /** `list-keys -T prefix` lines (every binding with its command); absent: none known. */
  bindLines?: string[];
  root: string;
  /** Problems found before planning (fzf missing…), shown and recorded. */
  warnings: string[];
  /** The node that runs the hooks' rewrite (default: this one). */
  node?: string;
}

export interface Plan {
  cmds: string[][];
  bound: string[];
  /** Default keys left alone because the person bound them. */
  skipped: string[];
  messages: string[];
}

export function planPlugin(p: PlanInput): Plan {
  const { opts, all } = p;
  const bin = opts["@docket-bin"].trim() || `${p.root}/bin/docket`;
  const messages = [...p.warnings];
  const cmds: string[][] = [];

  for (const name of STATUS_OPTIONS) {
    const before = all.get(name);
    if (before === undefined) continue;
    let after = rewritePlaceholders(before);
    // Prepended, not appended: tmux trims status-right to status-right-length from the end.
    if (name === "status-right" && isOn(opts["@docket-status-auto"]) && !after.includes("@docket_status")) {
      after = `#{E:@docket_status} ${after}`;
    }
    if (after !== before) cmds.push(["set-option", name.startsWith("window-") ? "-gw" : "-g", name, after]);
  }

  const current = parseKeyLines(p.keyLines);
  const existing = parseBindLines(p.bindLines ?? []);
  const wanted: Array<{ spec: KeySpec; key: string }> = [];
  const skipped: string[] = [];
  for (const spec of KEYS) {
    const key = opts[spec.option].trim();
    if (!key || key.toLowerCase() === "none") continue;
    if (!validKey(key)) {
      messages.push(`${spec.option} ${JSON.stringify(key)} is not a tmux key name; ${spec.name} not bound`);
      continue;
    }
    // A default key the person bound to something else stays theirs; a key they chose for docket
    // (the option set explicitly) wins, and docket's own binding from an earlier load is replaced.
    const theirs = existing.get(key);
    if (theirs !== undefined && !all.has(spec.option) && !current.get(key)?.startsWith("docket:")) {
      const cmd = theirs.length > 40 ? `${theirs.slice(0, 39)}…` : theirs;
      messages.push(`prefix ${key} ${SKIP_WORDS} (${cmd}); ${spec.name} not bound: set -g ${spec.option} <key>`);
      skipped.push(key);
      continue;
    }
    wanted.push({ spec, key });
  }
  // Unbind keys we bound last time and no longer want, but only while they still carry our note
  // (a user's own later binding of that key is theirs).
  const previous = (all.get("@docket_bound") ?? "").split(" ").filter(Boolean);
  const bound = wanted.map((w) => w.key);
  for (const k of previous) {
    if (bound.includes(k)) continue;
    if (current.get(k)?.startsWith("docket:")) cmds.push(["unbind-key", "-T", "prefix", k]);
  }
  // Placeholders written after the plugin line (or in a later-sourced file) are rewritten by hooks,
  // at our own index in each hook array.
  const hook = placeholderHook(p.node ?? process.execPath, p.root);
  for (const h of PLACEHOLDER_HOOKS) cmds.push(["set-hook", "-g", `${h}[${HOOK_INDEX}]`, hook]);
  const state = messages.length ? `warn: ${messages.join("; ")}` : "ok";
  cmds.push(["set-option", "-g", "@docket_bound", bound.join(" ")]);
  cmds.push(["set-option", "-g", "@docket_plugin", state]);
  // Bindings last: an unknown key name fails its command and ends the list.
  for (const w of wanted) cmds.push(bindCommand(w.spec, w.key, bin, opts));
  return { cmds, bound, skipped, messages };
}
