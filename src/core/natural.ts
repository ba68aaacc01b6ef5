// Natural order for labels and refs (w2 < w10, w3.c2 < w3.c10) without Intl: the first
// localeCompare(…, {numeric: true}) loads ICU collation data, a few ms of every popup's first paint.
// Runs of digits compare by value, other runs by code point; for docket's lower-case labels and refs
// that is the order localeCompare gave (test/unit/natural.test.ts).
const CHUNK = /(\d+)|(\D+)/g;

export function compareNatural(a: string, b: string): number {
  if (a === b) return 0;
  const xs = a.match(CHUNK) ?? [];
  const ys = b.match(CHUNK) ?? [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    if (x === y) continue;
    const dx = x.charCodeAt(0) <= 57 && x.charCodeAt(0) >= 48;
    const dy = y.charCodeAt(0) <= 57 && y.charCodeAt(0) >= 48;
    if (dx && dy) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d < 0 ? -1 : 1;
      return x.length - y.length < 0 ? -1 : 1; // same value: fewer leading zeros first
    }
    if (dx !== dy) return dx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return xs.length - ys.length < 0 ? -1 : xs.length === ys.length ? 0 : 1;
}

/**
 * Code-point order, for text of one fixed format (ISO timestamps, paths, `w<N>` labels): for
 * timestamps it is time order; unlike localeCompare it never loads ICU collation data (a few ms of a
 * short-lived command's time).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
