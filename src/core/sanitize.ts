// The one sanitiser for text that comes from workers and tasks (questions, options, summaries, todos,
// failure reasons, pane tails, evidence, task text) before docket prints it to a terminal, an fzf row,
// a tmux message or a file a person may `cat`. Pure and import-free: the worker extension and the
// CommonJS fast path may load it.
//
// Visible escaping, not removal. A person approving a card should see that something odd was there
// (`␛]2;PWNED␇` tells them the worker tried to retitle their terminal; a silently cleaned card hides
// that), and nothing of the worker's words is lost. Every control character becomes a printable
// glyph of one column:
//   - C0 controls U+0000–U+001F (ESC included) → the Control Pictures U+2400–U+241F (`␛`, `␇`, `␀`);
//     newline and tab are kept by sanitizeText (sanitizeLine makes them spaces);
//   - CR: `\r\n` becomes `\n` (a pasted Windows text stays readable); a lone `\r`, which would let the
//     rest of the line overwrite its start, is shown as `␍`;
//   - DEL U+007F → `␡`;
//   - C1 controls U+0080–U+009F (the 8-bit forms of ESC sequences: U+009B is CSI, U+009D OSC,
//     U+009C ST, …) → `␛` followed by their 7-bit equivalent (ECMA-48: C1 = ESC + code − 0x40),
//     so `\u009b2J` reads `␛[2J` like its 7-bit twin.
// Why no sequence parser: a terminal starts an escape sequence only at ESC or a C1 code, and every one
// of those is turned into a printable glyph here, so no character after it can be read as part of a
// CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ST`), DCS (`ESC P`), APC (`ESC _`), PM (`ESC ^`), SOS
// (`ESC X`) or two-character ESC sequence. Their parameters and payloads stay on the card as the plain
// text they are; an unterminated one swallows nothing. Everything else (é, ✓, CJK, emoji) is untouched.
//
// Apply it where the text is printed, to the worker's text only, and before wrapping it in docket's own
// colours (src/ui/ansi.ts): sanitising a coloured string would show docket's SGR codes as `␛[1m`.

const ESC_GLYPH = "\u241b";

function glyph(code: number): string {
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return "\u2421";
  return ESC_GLYPH + String.fromCharCode(code - 0x40); // C1
}

// C0 except \t and \n, DEL, C1; a CR is matched with the LF that may follow it.
const CONTROLS = /\r\n?|[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
const CONTROLS_LINE = /\r\n?|[\x00-\x1f\x7f-\x9f]/g;

/** Multi-line text (cards, `docket show`, bundles): controls shown escaped; newline and tab kept. */
export function sanitizeText(s: string): string {
  return s.replace(CONTROLS, (m) => (m === "\r\n" ? "\n" : glyph(m.charCodeAt(0))));
}

/** One-line contexts (fzf rows, tmux messages, table rows): as sanitizeText, and newline, tab and CR become spaces. */
export function sanitizeLine(s: string): string {
  return s.replace(CONTROLS_LINE, (m) =>
    m === "\r" || m === "\r\n" || m === "\n" || m === "\t" ? " " : glyph(m.charCodeAt(0)),
  );
}

/** Whether a text holds anything sanitizeText would change. */
export function hasControls(s: string): boolean {
  return /[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(s);
}

/**
 * A copy of a record (plain objects and arrays, as read from JSON) with every string passed through
 * sanitizeText; for renderers that print many fields of a worker record.
 */
export function sanitizeDeep<T>(v: T): T {
  if (typeof v === "string") return sanitizeText(v) as T;
  if (Array.isArray(v)) return v.map((x) => sanitizeDeep(x)) as T;
  const proto = v && typeof v === "object" ? Object.getPrototypeOf(v) : undefined;
  if (v && (proto === Object.prototype || proto === null)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = sanitizeDeep(x);
    return out as T;
  }
  return v;
}

/**
 * JSON text for a terminal: JSON.stringify already escapes C0 controls as \u00XX, but not DEL or the
 * C1 range; this escapes those too. The data is unchanged (the same JSON value), only its spelling.
 */
export function jsonSafe(json: string): string {
  return json.replace(/[\x7f-\x9f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
