// Ages ("45s", "6m", "2h", "3d") and time tokens: a view rendered once with tokens in place of ages is
// shown later with the ages of that moment (store/views.ts, ui/inbox-fzf.ts).

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
