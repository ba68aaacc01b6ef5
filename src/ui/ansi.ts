// Terminal colours and small text helpers for popups. Colours are plain SGR codes (no dependency);
// NO_COLOR turns them off.
import { formatAge } from "../core/ages.js";

const on = !process.env.NO_COLOR;
/** Whether this process paints colours (NO_COLOR unset); pre-rendered views record it. */
export const colorOn = on;
const sgr = (code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

export const c = {
  bold: sgr("1"),
  dim: sgr("2"),
  red: sgr("31"),
  green: sgr("32"),
  yellow: sgr("33"),
  blue: sgr("34"),
  magenta: sgr("35"),
  cyan: sgr("36"),
  gray: sgr("90"),
  warn: sgr("1;33"),
  danger: sgr("1;31"),
  accent: sgr("36"),
  inverse: sgr("7"),
};

/** Remove SGR sequences (for width math and plain output). */
export function stripAnsi(s: string): string {
  return s.replace(/\x1b\[[0-9;]*m/g, "");
}

/**
 * Cut a line with SGR colours to `cols` visible characters (the last one an ellipsis when cut), so it
 * takes exactly one terminal row. Colours stay; a cut line ends with a reset.
 */
export function truncateAnsi(s: string, cols: number): string {
  if (cols <= 0 || [...stripAnsi(s)].length <= cols) return s;
  let out = "";
  let seen = 0;
  for (let i = 0; i < s.length; ) {
    const m = /^\x1b\[[0-9;]*m/.exec(s.slice(i, i + 24));
    if (m) {
      out += m[0];
      i += m[0].length;
      continue;
    }
    if (seen === cols - 1) break;
    const ch = String.fromCodePoint(s.codePointAt(i)!);
    out += ch;
    i += ch.length;
    seen++;
  }
  return out + "…" + (on ? "\x1b[0m" : "");
}

/** Compact age since an ISO time (45s, 6m, 3h, 2d), left-padded to `pad`. */
export function age(fromIso: string | undefined, now = Date.now(), pad = 0): string {
  const t = fromIso ? Date.parse(fromIso) : NaN;
  return Number.isFinite(t) ? formatAge(now - t, pad) : "-".padStart(pad);
}

/** Wrap plain text to a width, keeping existing line breaks. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = "";
      }
      line = line ? `${line} ${word}` : word.length > width ? word.slice(0, width) : word;
    }
    out.push(line);
  }
  return out;
}

/** The green +N / red −M pair used in stat lines. */
export function plusMinus(added: number, removed: number): string {
  return `${c.green(`+${added}`)} ${c.red(`−${removed}`)}`;
}
