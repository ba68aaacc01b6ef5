// Ranked evidence search. Pure. Tiers: the exact phrase > every word > some words; inside a tier a
// title hit, more words matched, the kind of evidence and recency break ties.
import { compareText } from "./natural.js";

export interface SearchDoc {
  /** Artifact ref to act on: w3.e1, b2.c4. */
  ref: string;
  /** Source label: w3, b2. */
  source: string;
  type: string;
  title: string;
  text: string;
  at?: string;
}

export type MatchTier = "phrase" | "all" | "partial";

export interface SearchHit {
  doc: SearchDoc;
  score: number;
  match: MatchTier;
  snippet: string;
}

const TIER_SCORE: Record<MatchTier, number> = { phrase: 3000, all: 2000, partial: 1000 };
/** What a person searching usually wants first. */
const TYPE_WEIGHT: Record<string, number> = {
  summary: 6,
  answer: 6,
  error: 5,
  question: 4,
  command: 3,
  edit: 2,
  terminal: 1,
  note: 1,
};

export function normalizeText(s: string): string {
  return s.toLowerCase().replace(/\s+/g, " ").trim();
}

export function queryWords(q: string): string[] {
  return [
    ...new Set(
      normalizeText(q)
        .split(/[^\p{L}\p{N}_]+/u)
        .filter(Boolean),
    ),
  ];
}

function snippetAround(text: string, needle: string, width = 90): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const i = needle ? flat.toLowerCase().indexOf(needle) : -1;
  if (i < 0) return flat.slice(0, width);
  const start = Math.max(0, i - Math.floor((width - needle.length) / 2));
  const s = flat.slice(start, start + width);
  return `${start > 0 ? "…" : ""}${s}${start + width < flat.length ? "…" : ""}`;
}

/** Score one doc; undefined when nothing matches. Exposed for tests. */
export function scoreDoc(doc: SearchDoc, phrase: string, words: string[]): SearchHit | undefined {
  const title = normalizeText(doc.title);
  const body = normalizeText(doc.text);
  let match: MatchTier | undefined;
  let titleHit = false;
  let fraction = 0;
  let needle = phrase;
  if (phrase && (title.includes(phrase) || body.includes(phrase))) {
    match = "phrase";
    titleHit = title.includes(phrase);
    fraction = 1;
  } else if (words.length) {
    const hits = words.filter((w) => title.includes(w) || body.includes(w));
    if (!hits.length) return undefined;
    fraction = hits.length / words.length;
    match = hits.length === words.length ? "all" : "partial";
    titleHit = hits.some((w) => title.includes(w));
    needle = hits.sort((a, b) => b.length - a.length)[0]!;
  }
  if (!match) return undefined;
  const score =
    TIER_SCORE[match] + (titleHit ? 200 : 0) + Math.round(fraction * 100) + (TYPE_WEIGHT[doc.type] ?? 0) * 5;
  return { doc, score, match, snippet: snippetAround(title.includes(needle) ? doc.title : doc.text, needle) };
}

export function searchDocs(docs: SearchDoc[], query: string, opts: { limit?: number } = {}): SearchHit[] {
  const phrase = normalizeText(query);
  const words = queryWords(query);
  if (!phrase) return [];
  const hits: SearchHit[] = [];
  for (const d of docs) {
    const h = scoreDoc(d, phrase, words);
    if (h) hits.push(h);
  }
  hits.sort(
    (a, b) => b.score - a.score || compareText(b.doc.at ?? "", a.doc.at ?? "") || compareText(a.doc.ref, b.doc.ref),
  );
  return opts.limit ? hits.slice(0, opts.limit) : hits;
}
