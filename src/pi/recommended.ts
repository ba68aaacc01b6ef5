// Pull a `Recommended:` block out of a done summary (the older convention), so the card shows
// the bullets as recommendations and the summary as plain prose. Pure.

// `Recommended:`, `**Recommended:**`, `Recommended actions: x`, or a bare markdown heading `## Recommended`.
const HEADING = new RegExp(
  String.raw`^\s*(?:#{1,6}\s*)?(?:\*\*|__)?recommended(?:\s+(?:actions?|next steps?|changes?))?\s*(?:\*\*|__)?\s*` +
    String.raw`(?::\s*(?:\*\*|__)?\s*(.*)|(?:\*\*|__)?\s*)$`,
  "i",
);
const BULLET = /^\s*(?:[-*•+]|\d{1,2}[.)])\s+(.*)$/;

export interface SplitSummary {
  summary: string;
  recommended: string[];
}

export function splitRecommended(text: string): SplitSummary {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => HEADING.test(l));
  if (at < 0) return { summary: text.trim(), recommended: [] };
  const items: string[] = [];
  const inline = HEADING.exec(lines[at]!)?.[1]?.trim();
  if (inline) items.push(inline.replace(BULLET, "$1").trim());
  let end = at + 1;
  for (; end < lines.length; end++) {
    const line = lines[end]!;
    const bullet = BULLET.exec(line);
    if (bullet) {
      const item = bullet[1]!.trim();
      if (item) items.push(item);
      continue;
    }
    if (!line.trim()) {
      // A blank line inside the list is fine when another bullet follows.
      const next = lines.slice(end + 1).find((l) => l.trim());
      if (next !== undefined && BULLET.test(next)) continue;
      break;
    }
    if (/^\s+\S/.test(line) && items.length > 0) {
      items[items.length - 1] += " " + line.trim(); // wrapped bullet
      continue;
    }
    break;
  }
  const rest = [...lines.slice(0, at), ...lines.slice(end)]
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { summary: rest || text.trim(), recommended: items };
}

/** Merge explicit recommendations with parsed ones, keeping order and dropping duplicates. */
export function mergeRecommended(explicit: string[], parsed: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of [...explicit, ...parsed]) {
    const key = item.trim().toLowerCase();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(item.trim());
  }
  return out;
}
