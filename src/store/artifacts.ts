// Worker evidence: artifacts.json read safely, plus items derived from status.json and pane-tail.txt
// when the extension did not record them. Artifact refs (`w3.e1`, `b2.c4`) are parsed strictly here.
import { existsSync, readFileSync } from "node:fs";
import { FAIL } from "../core/check.js";
import { Artifact, type WorkerStatus } from "../core/schema.js";
import { DocketError } from "../core/errors.js";
import { workerPaths } from "./layout.js";
import { ARTIFACT_PREFIX, type ArtifactType } from "../core/artifact-prefix.js";

export { ARTIFACT_PREFIX, type ArtifactType };

export const ITEM_ID = /^[cefaqsnt][1-9]\d{0,5}$/;
const WORKER_LABEL = /^w[1-9]\d{0,8}$/;
const BUNDLE_LABEL = /^b[1-9]\d{0,8}$/;
/** A full worker id (`<slug>-<4 hex>`) may stand in for the label. */
const WORKER_ID = /^[a-z0-9][a-z0-9-]{0,80}$/;

export interface ParsedArtifactRef {
  source: { kind: "worker"; ref: string } | { kind: "bundle"; id: string };
  item: string;
}

/** `w3.e1`, `b2.c4` or `<worker-id>.e1`. Anything else (slashes, dots, spaces, `..`) is refused. */
export function parseArtifactRef(ref: string): ParsedArtifactRef {
  const r = ref; // strict, like worker refs: no stray whitespace
  const dot = r.lastIndexOf(".");
  const src = dot > 0 ? r.slice(0, dot) : "";
  const item = dot > 0 ? r.slice(dot + 1) : "";
  const bad = () =>
    new DocketError(
      `invalid artifact ref: ${JSON.stringify(ref)} (use <worker>.<item> like w3.e1, or <bundle>.<item> like b2.c4)`,
    );
  if (!ITEM_ID.test(item) || r.length > 100) throw bad();
  if (BUNDLE_LABEL.test(src)) return { source: { kind: "bundle", id: src }, item };
  if (WORKER_LABEL.test(src) || (WORKER_ID.test(src) && src.includes("-")))
    return { source: { kind: "worker", ref: src }, item };
  throw bad();
}

/** Parse an `{items: Artifact[]}` file; bad items are skipped and counted, a bad file yields none. */
export function readArtifactsFile(file: string): { items: Artifact[]; bad: number } {
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch (err) {
    return { items: [], bad: (err as NodeJS.ErrnoException).code === "ENOENT" ? 0 : 1 }; // missing: nothing recorded
  }
  return parseArtifactsText(raw);
}

/** artifacts.json text: the items that check (Artifact), each with a clean, unique id; the rest counted. */
export function parseArtifactsText(raw: string): { items: Artifact[]; bad: number } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { items: [], bad: 1 };
  }
  const list =
    json && typeof json === "object" && Array.isArray((json as { items?: unknown }).items)
      ? (json as { items: unknown[] }).items
      : undefined;
  if (!list) return { items: [], bad: 1 };
  const items: Artifact[] = [];
  let bad = 0;
  const seen = new Set<string>();
  for (const x of list) {
    const a = Artifact(x);
    // An id that is not a clean item id could not be referenced; a duplicate would be ambiguous.
    if (a === FAIL || !ITEM_ID.test(a.id) || seen.has(a.id)) {
      bad++;
      continue;
    }
    seen.add(a.id);
    items.push(a);
  }
  return { items, bad };
}

/** The recorded items of each worker whose artifacts.json exists and is not empty (the popups' read). */
export function readArtifactsOf(home: string, ids: string[]): Map<string, Artifact[]> {
  const out = new Map<string, Artifact[]>();
  for (const id of ids) {
    let raw: string;
    try {
      raw = readFileSync(workerPaths(home, id).artifacts, "utf8");
    } catch {
      continue;
    }
    if (raw) out.set(id, parseArtifactsText(raw).items);
  }
  return out;
}

/** Next free id for a type within a list: c1, c2, … */
export function nextItemId(items: Array<{ id: string }>, type: ArtifactType): string {
  const prefix = ARTIFACT_PREFIX[type];
  let max = 0;
  for (const it of items) {
    if (it.id[0] === prefix) max = Math.max(max, Number(it.id.slice(1)) || 0);
  }
  return `${prefix}${max + 1}`;
}

function firstLine(s: string, max = 80): string {
  const line =
    s
      .split("\n")
      .find((l) => l.trim())
      ?.trim() ?? "";
  return line.length > max ? line.slice(0, max - 1) + "…" : line;
}

const TAIL_LINES = 60;

/**
 * All evidence of one worker: artifacts.json, then what status.json and pane-tail.txt know that the
 * extension did not record (result summary, questions and answers, failure, terminal tail).
 */
export function workerEvidence(home: string, status: WorkerStatus): Artifact[] {
  const p = workerPaths(home, status.id);
  const items = readArtifactsFile(p.artifacts).items;
  const has = (t: ArtifactType) => items.some((a) => a.type === t);
  const add = (type: ArtifactType, a: Omit<Artifact, "id" | "type">) =>
    items.push({ id: nextItemId(items, type), type, ...a });

  if (!has("question")) {
    const qs = [...status.questions];
    if (status.question && !qs.some((q) => q.askedAt === status.question!.askedAt)) qs.push(status.question);
    for (const q of qs) {
      const opts = q.options?.length
        ? `\noptions: ${q.options.map((o, i) => `${i + 1}) ${o}`).join("  ")}` +
          `${q.recommend ? `\nrecommend: ${q.recommend}` : ""}`
        : "";
      add("question", {
        at: q.askedAt,
        title: `Question: ${firstLine(q.text)}`,
        text: `${q.text}${opts}${q.risk ? `\nrisk: ${q.risk}` : ""}`,
      });
      if (q.answer && !has("answer"))
        add("answer", { at: q.answeredAt ?? q.askedAt, title: `Answer to: ${firstLine(q.text, 60)}`, text: q.answer });
    }
  }
  if (status.result && !has("summary")) {
    const r = status.result;
    const parts = [r.summary];
    if (r.evidence.length) parts.push("evidence:\n" + r.evidence.map((e) => `- ${e}`).join("\n"));
    if (r.recommended.length) parts.push("recommended:\n" + r.recommended.map((e) => `- ${e}`).join("\n"));
    add("summary", {
      at: r.at,
      title: `${r.outcome === "completed" ? "Result" : r.outcome}: ${firstLine(r.summary)}`,
      text: parts.join("\n\n"),
    });
  }
  if (status.failure && !items.some((a) => a.type === "error" && a.text.includes(status.failure!.reason))) {
    add("error", {
      at: status.failure.at,
      title: `Worker failed: ${firstLine(status.failure.reason)}`,
      text: status.failure.reason,
    });
  }
  if (!has("terminal") && existsSync(p.paneTail)) {
    try {
      const lines = readFileSync(p.paneTail, "utf8").replace(/\s+$/, "").split("\n");
      const text = lines.slice(-TAIL_LINES).join("\n");
      if (text.trim())
        add("terminal", {
          at: status.endedAt ?? status.updatedAt,
          title: `Terminal tail (${status.exitCode !== undefined ? `exit ${status.exitCode}` : "pane"})`,
          text,
        });
    } catch {
      /* unreadable tail: nothing to show */
    }
  }
  return items;
}
