// The @docket-* tmux options: names, defaults, and reading them all in one tmux call.
// Node built-ins only: publish and notify (loaded by the worker extension) use this.
import { serverKey, tmuxSync } from "./runner.js";

/** Every user-facing option with its default. docs/tmux.md documents each; a unit test pins them. */
export const OPTION_DEFAULTS = {
  "@docket-key-inbox": "A",
  "@docket-key-verdict": "V",
  "@docket-key-peek": "W",
  "@docket-key-spawn": "N",
  "@docket-key-next": "J",
  "@docket-popup-width": "80%",
  "@docket-popup-height": "80%",
  "@docket-popup-x": "",
  "@docket-popup-y": "",
  "@docket-bin": "",
  "@docket-status-auto": "off",
  "@docket-status-format": "{waiting} {failed} {ready} {running} {warn}",
  "@docket-status-idle": "·",
  "@docket-icon-waiting": "?",
  "@docket-icon-failed": "✗",
  "@docket-icon-ready": "✓",
  "@docket-icon-running": "●",
  "@docket-icon-idle": "○",
  "@docket-style-waiting": "bold,reverse",
  "@docket-style-failed": "bold,reverse",
  "@docket-style-ready": "bold",
  "@docket-style-running": "none",
  "@docket-style-warn": "underscore",
  "@docket-notify-needs-input": "on",
  "@docket-notify-ready": "on",
  "@docket-notify-failed": "on",
  "@docket-notify-command": "",
  "@docket-notify-duration": "5000",
} as const;

export type OptionName = keyof typeof OPTION_DEFAULTS;
export type DocketOptions = Record<OptionName, string>;

/** Options docket itself sets (outputs), a public contract too. */
export const OUTPUT_OPTIONS = {
  global: [
    "@docket_status",
    "@docket_waiting",
    "@docket_ready",
    "@docket_failed",
    "@docket_running",
    "@docket_cost",
    "@docket_plugin",
    "@docket_bound",
  ],
  window: ["@docket_state", "@docket_icon"],
} as const;

/** The user's placeholders and what docket.tmux rewrites them to. */
export const PLACEHOLDERS: Record<string, string> = {
  "#{docket_status}": "#{E:@docket_status}",
  "#{docket_waiting}": "#{E:@docket_waiting}",
  "#{docket_ready}": "#{E:@docket_ready}",
  "#{docket_failed}": "#{E:@docket_failed}",
  "#{docket_running}": "#{E:@docket_running}",
  "#{docket_cost}": "#{E:@docket_cost}",
  "#{docket_icon}": "#{@docket_icon}",
};

/** Options whose text may carry the user's placeholders. */
export const STATUS_OPTIONS = [
  "status-left",
  "status-right",
  "window-status-format",
  "window-status-current-format",
] as const;

/** Replace the placeholders; everything else in the text stays byte for byte. */
export function rewritePlaceholders(text: string): string {
  let out = text;
  for (const [from, to] of Object.entries(PLACEHOLDERS)) out = out.split(from).join(to);
  return out;
}

/** Whether any of the status options as read still holds a raw placeholder. */
export function hasPlaceholders(all: Map<string, string>): boolean {
  return STATUS_OPTIONS.some((n) => {
    const v = all.get(n);
    return v !== undefined && rewritePlaceholders(v) !== v;
  });
}

/** The set-option commands that rewrite the placeholders in the status options as read (none: nothing to do). */
export function placeholderCommands(all: Map<string, string>): string[][] {
  const cmds: string[][] = [];
  for (const name of STATUS_OPTIONS) {
    const before = all.get(name);
    if (before === undefined) continue;
    const after = rewritePlaceholders(before);
    if (after !== before) cmds.push(["set-option", name.startsWith("window-") ? "-gw" : "-g", name, after]);
  }
  return cmds;
}

export function isOn(v: string | undefined): boolean {
  return /^(on|yes|true|1)$/i.test((v ?? "").trim());
}

/** Undo tmux's vis(3)-style escaping (\n, \t, \\, \", \$, \NNN octal for UTF-8 bytes). */
function unvis(input: string): string {
  const s = Array.from(input); // code points, so emoji stay whole
  const bytes: number[] = [];
  const push = (str: string) => bytes.push(...Buffer.from(str, "utf8"));
  const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", s: " " };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== "\\" || i + 1 >= s.length) {
      push(c);
      continue;
    }
    const oct = s.slice(i + 1, i + 4).join("");
    if (/^[0-7]{3}$/.test(oct)) {
      bytes.push(parseInt(oct, 8));
      i += 3;
      continue;
    }
    const n = s[i + 1]!;
    push(map[n] ?? n);
    i += 1;
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Parse one value as `show-options` prints it: "…", '…' or bare, each with vis escapes. */
export function parseOptionValue(raw: string): string {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) return unvis(raw.slice(1, -1));
  if (raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'")) return unvis(raw.slice(1, -1));
  return unvis(raw);
}

/** Parse `show-options -g` output into name → value (array options keep their `[n]` suffix). */
export function parseShowOptions(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("docket-key:") || line.startsWith("bind-key")) continue;
    const sp = line.indexOf(" ");
    if (sp < 0) {
      out.set(line, "");
      continue;
    }
    out.set(line.slice(0, sp), parseOptionValue(line.slice(sp + 1)));
  }
  return out;
}

/** Defaults overlaid with whatever the user set. */
export function resolveOptions(all: Map<string, string>): DocketOptions {
  const o = { ...OPTION_DEFAULTS } as DocketOptions;
  for (const k of Object.keys(OPTION_DEFAULTS) as OptionName[]) {
    const v = all.get(k);
    if (v !== undefined) o[k] = v;
  }
  return o;
}

export interface ServerOptions {
  /** All global options as read (status-left, status-right, @docket_* outputs, …). */
  all: Map<string, string>;
  docket: DocketOptions;
}

/** Read every global option in one tmux call; undefined when no server answers. */
export function readServerOptions(env: NodeJS.ProcessEnv = process.env): ServerOptions | undefined {
  const r = tmuxSync(["show-options", "-g"], env);
  if (!r.ok) return undefined;
  const all = parseShowOptions(r.stdout);
  return { all, docket: resolveOptions(all) };
}

const CACHE_MS = 30_000;
const cache = new Map<string, { at: number; value: ServerOptions }>();

/** readServerOptions, remembered for 30 s per server: long-lived callers (the extension) stay cheap. */
export function cachedServerOptions(env: NodeJS.ProcessEnv = process.env, now = Date.now()): ServerOptions | undefined {
  const key = serverKey(env);
  const hit = cache.get(key);
  if (hit && now - hit.at < CACHE_MS) return hit.value;
  const value = readServerOptions(env);
  if (value) cache.set(key, { at: now, value });
  else cache.delete(key);
  return value;
}

/** Remember `show-options -g` output that another command list already fetched (the worker window's),
 *  so the next cachedServerOptions for that server costs no tmux call of its own. */
export function primeServerOptions(
  showOptionsText: string,
  env: NodeJS.ProcessEnv = process.env,
  now = Date.now(),
): void {
  const all = parseShowOptions(showOptionsText);
  cache.set(serverKey(env), { at: now, value: { all, docket: resolveOptions(all) } });
}

export function forgetServerOptions(): void {
  cache.clear();
}
