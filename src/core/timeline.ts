// `docket log`: the audit timeline grouped by episode (one worker's life: spawn, questions, answers,
// result, verdict), newest episode first. Pure: callers pass statuses, events and ledger rows.
import type { Decision, WorkerStatus } from "./schema.js";
import { VERB_LABEL } from "./decisions-report.js";
import { eventReason } from "./lifecycle.js";
import { sanitizeText } from "./sanitize.js";
import { compareText } from "./natural.js";

export interface TimelineEvent {
  ts: string;
  kind: string;
  payload: Record<string, unknown>;
}

export interface EpisodeEntry {
  ts: string;
  what: string;
}

export interface Episode {
  worker: string;
  label: string;
  task: string;
  /** Current state, or `pruned` when only the ledger remembers the worker. */
  state: string;
  startedAt: string;
  lastAt: string;
  entries: EpisodeEntry[];
}

function short(s: string, max = 70): string {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > max ? t.slice(0, max - 1) + "…" : t;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v ? v : undefined;
}

/** A message event as a line: a receipt (delivered/read, with the message ids) or a problem; else nothing. */
function messageEntry(p: Record<string, unknown>): string | undefined {
  const ids = Array.isArray(p.ids)
    ? p.ids.filter((x): x is string => typeof x === "string")
    : str(p.id)
      ? [str(p.id)!]
      : [];
  const which = ids.length === 1 ? ` ${ids[0]}` : ids.length > 1 ? ` ×${ids.length}` : "";
  if (p.read === true) return `message${which} read by the worker`;
  if (p.delivered === true) return `message${which} delivered`;
  if (p.level === "error") return `problem in ${str(p.where) ?? "the worker"}: ${short(str(p.text) ?? "", 50)}`;
  return undefined;
}

/** One line per state transition, note and delivered message; tool and todo chatter is summarised as a count. */
function eventEntries(events: TimelineEvent[]): EpisodeEntry[] {
  const out: EpisodeEntry[] = [];
  let tools = 0;
  for (const e of events) {
    if (e.kind === "state") {
      const to = str(e.payload.to) ?? str(e.payload.state);
      const reason = eventReason(e.payload);
      if (to) out.push({ ts: e.ts, what: `→ ${to}${reason ? ` (${short(reason, 50)})` : ""}` });
    } else if (e.kind === "message") {
      const m = messageEntry(e.payload);
      if (m) out.push({ ts: e.ts, what: m });
    } else if (e.kind === "note") {
      const text = str(e.payload.text);
      if (text) out.push({ ts: e.ts, what: `${e.payload.level === "heads-up" ? "heads-up" : "note"}: ${short(text)}` });
    } else if (e.kind === "tool") tools++;
  }
  if (tools && events.length)
    out.push({ ts: events[events.length - 1]!.ts, what: `${tools} tool call${tools === 1 ? "" : "s"} in all` });
  return out;
}

export function buildEpisodes(
  workers: WorkerStatus[],
  eventsByWorker: Map<string, TimelineEvent[]>,
  decisions: Decision[],
): Episode[] {
  const episodes = new Map<string, Episode>();
  for (const w of workers) {
    const entries: EpisodeEntry[] = [{ ts: w.createdAt, what: `spawned (${w.kind}): ${short(w.task)}` }];
    const qs = [...w.questions];
    if (w.question && !qs.some((q) => q.askedAt === w.question!.askedAt)) qs.push(w.question);
    for (const q of qs) {
      entries.push({
        ts: q.askedAt,
        what: `asked: ${short(q.text)}${q.options?.length ? ` [${q.options.length} options]` : ""}`,
      });
      if (q.answeredAt) entries.push({ ts: q.answeredAt, what: `answered: ${short(q.answer ?? "(reply delivered)")}` });
    }
    if (w.result)
      entries.push({
        ts: w.result.at,
        what:
          `result (${w.result.outcome}): ` +
          `${short(w.result.summary)}${w.changeSet ? ` · ${w.changeSet.files.length} files changed` : ""}`,
      });
    if (w.failure) entries.push({ ts: w.failure.at, what: `failed: ${short(w.failure.reason)}` });
    entries.push(...eventEntries(eventsByWorker.get(w.id) ?? []));
    episodes.set(w.id, {
      worker: w.id,
      label: w.label,
      task: w.task,
      state: w.reviewedAt ? `${w.state}, reviewed` : w.state,
      startedAt: w.createdAt,
      lastAt: w.updatedAt,
      entries,
    });
  }
  for (const d of decisions) {
    if (d.verb === "broadcast") {
      // One row for many workers: a line in each recipient's episode, no episode of its own.
      for (const r of d.recipients ?? []) {
        episodes.get(r.worker)?.entries.push({
          ts: d.ts,
          what:
            `broadcast ${r.message}${d.touching ? ` (touching ${d.touching})` : ""}: ` +
            `${JSON.stringify(short(d.text ?? "", 50))}`,
        });
      }
      continue;
    }
    let ep = episodes.get(d.worker);
    if (!ep) {
      ep = {
        worker: d.worker,
        label: d.label,
        task: d.task,
        state: "pruned",
        startedAt: d.ts,
        lastAt: d.ts,
        entries: [],
      };
      episodes.set(d.worker, ep);
    }
    const detail = d.option
      ? ` ${JSON.stringify(short(d.option, 50))}`
      : d.text
        ? ` ${JSON.stringify(short(d.text, 50))}`
        : "";
    ep.entries.push({
      ts: d.ts,
      what: `verdict: ${VERB_LABEL[d.verb]}${detail}${d.risk ? ` ⚠ ${short(d.risk, 40)}` : ""}`,
    });
  }
  for (const ep of episodes.values()) {
    ep.entries.sort((a, b) => compareText(a.ts, b.ts));
    const first = ep.entries[0]?.ts;
    const last = ep.entries[ep.entries.length - 1]?.ts;
    if (first && first < ep.startedAt) ep.startedAt = first;
    if (last && last > ep.lastAt) ep.lastAt = last;
  }
  return [...episodes.values()].sort((a, b) => compareText(b.lastAt, a.lastAt));
}

export function renderEpisodes(episodes: Episode[], limit = 20): string {
  if (!episodes.length) return "No episodes yet: spawn a worker with `docket spawn <task>`.\n";
  const out: string[] = [];
  for (const ep of episodes.slice(0, limit)) {
    out.push(`${ep.label} · ${short(ep.task, 60)} · ${ep.state}`);
    for (const e of ep.entries) out.push(`  ${e.ts.slice(0, 19).replace("T", " ")}  ${e.what}`);
    out.push("");
  }
  if (episodes.length > limit) out.push(`(${episodes.length - limit} older episodes not shown; use --limit)`);
  // Plain text built from workers' texts, events and ledger rows: printed only sanitised.
  return sanitizeText(out.join("\n").replace(/\n+$/, "")) + "\n";
}
