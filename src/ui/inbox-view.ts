// Build the inbox view: the ranked rows and every card, rendered with time tokens, written to
// <home>/views so the next inbox paints from it (main.ts) within one bare node start.
// Every input is fingerprinted before it is read, so a change racing the build leaves the view
// stale (the next popup renders from the store), never wrong.
import { readdirSync, readFileSync } from "node:fs";
import { agentDir } from "../core/env.js";
import { projectConfigPath, userConfigPath } from "../core/config-defaults.js";
import { hidesAt } from "../core/eviction.js";
import { pendingCount, type ReviewItem } from "../core/ranking.js";
import { choicesFor, preselected } from "../core/verdict.js";
import { warningStartsAt, workerWarnings } from "../core/warnings.js";
import { withTimeTokens } from "../core/ages.js";
import { reviewPending } from "../store/review.js";
import {
  buildStamp,
  contentDigest,
  fingerprint,
  VIEW_VERSION,
  writeView,
  type DigestKind,
  type InboxView,
  type ViewInput,
} from "../store/views.js";
import { previewName, previewWidth } from "./inbox-fzf.js";
import { bundlesDir, ID_PATTERN, loadsPath, workerPaths, workersDir } from "../store/layout.js";
import { gradesDir } from "../store/grades.js";
import { colorOn } from "./ansi.js";
import { renderArtifactCard, renderCard } from "./card.js";
import {
  buildSnapshot,
  doneFile,
  readPaneTail,
  readSnapshotInputs,
  type Snapshot,
  type SnapshotInputs,
} from "./data.js";
import { rowText } from "./inbox-row.js";
import { CLEAR } from "./term.js";
import { queue, verdictScreen } from "./verdict-screen.js";
import { renderMountedCard } from "./mounted.js";

export interface ViewRequest {
  home: string;
  /** Project root, or undefined for every project. */
  scope: string | undefined;
  /** Popup columns (process.stdout.columns; 0 when not a terminal). */
  cols: number;
  /** Popup rows (process.stdout.rows; 0 or absent when not a terminal): the verdict frame fits them. */
  rows?: number;
  now?: number;
}

/** Every file a view is built from; the workers and bundles directories catch added and removed entries. */
export function viewInputs(home: string, scope: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  let ids: string[] = [];
  try {
    ids = readdirSync(workersDir(home))
      .filter((id) => ID_PATTERN.test(id))
      .sort();
  } catch {
    /* no workers yet */
  }
  const perWorker = ids.flatMap((id) => {
    const p = workerPaths(home, id);
    return [p.status, p.artifacts, p.paneTail];
  });
  const config = [userConfigPath(env), ...(scope ? [projectConfigPath(scope)] : [])];
  return [
    workersDir(home),
    ...perWorker,
    loadsPath(home),
    bundlesDir(home),
    doneFile(home),
    gradesDir(home),
    ...config,
  ];
}

function card(snap: Snapshot, item: ReviewItem, now: number, width: number): string {
  const m = item.mounted && snap.mounted.get(item.key);
  if (m) return renderMountedCard(item, m, now, width);
  const w = snap.byId.get(item.workerId)!;
  const arts = snap.artifacts.get(w.id) ?? [];
  const a = item.artifactId ? arts.find((x) => x.id === item.artifactId) : undefined;
  if (a) return renderArtifactCard(w, a, now, width);
  return renderCard({
    worker: w,
    artifacts: arts,
    paneTail: readPaneTail(snap.home, w.id),
    markers: snap.markers.get(w.id),
    width,
    now,
  });
}

/** The verdict popup's first frame: the top decision of this scope, as verdict.ts paints it. */
function firstVerdict(snap: Snapshot, cols: number, rows: number, now: number): InboxView["verdict"] {
  const list = queue(snap, new Set());
  const w = list[0];
  if (!w) return undefined;
  const choices = choicesFor(w, { comments: reviewPending(snap.home, w) });
  return {
    label: w.label,
    screen: CLEAR + verdictScreen(snap.home, w, choices, preselected(choices), list.length - 1, "", cols, now, rows),
  };
}

/** First moment after `now` when a warning appears or a worker hides: the view is rebuilt then. */
function validUntil(inp: SnapshotInputs, now: number): number {
  let until = Number.MAX_SAFE_INTEGER;
  for (const w of inp.workers) {
    for (const t of [warningStartsAt(w, now, inp.cfg), hidesAt(w, now, inp.cfg)])
      if (t !== undefined && t < until) until = t;
  }
  return until;
}

type Digests = Map<string, Partial<Record<DigestKind, string>>>;

/**
 * Sign every input before reading it; status.json and artifacts.json also get digests of what a view
 * shows from them (both status variants: which applies is known only after the render).
 */
function signInputs(home: string, scope: string | undefined): { inputs: ViewInput[]; digests: Digests } {
  const inputs = fingerprint(viewInputs(home, scope));
  const digests: Digests = new Map();
  for (const [path] of inputs) {
    const kinds: DigestKind[] = path.endsWith("/status.json")
      ? ["status", "status-silent"]
      : path.endsWith("/artifacts.json")
        ? ["artifacts"]
        : [];
    if (!kinds.length) continue;
    try {
      const text = readFileSync(path, "utf8");
      digests.set(path, Object.fromEntries(kinds.map((k) => [k, contentDigest(text, k)])));
    } catch {
      /* missing or unreadable: its signature alone decides */
    }
  }
  return { inputs, digests };
}

/** The digest kind that applies to an input, given what the render showed. */
function digestKind(path: string, silent: Set<string>, mounted: boolean): DigestKind | undefined {
  if (path.endsWith("/status.json")) return silent.has(path) ? "status-silent" : "status";
  // A loaded (`docket load wN`) worker's evidence is shown whole: plain signatures then.
  if (path.endsWith("/artifacts.json") && !mounted) return "artifacts";
  return undefined;
}

/** Render a view from the store and write it. Returns it with the snapshot it shows. */
export async function buildInboxView(req: ViewRequest): Promise<{ view: InboxView; snap: Snapshot }> {
  const now = req.now ?? Date.now();
  const width = previewWidth(req.cols || 120);
  const signed = signInputs(req.home, req.scope);
  const inp = await readSnapshotInputs(req.home, req.scope);
  // Ages become tokens filled in when the view is shown; the render is synchronous (see withTimeTokens).
  const { snap, rows, previews, verdict } = withTimeTokens(() => {
    const snap = buildSnapshot(inp, req.scope, now);
    const rows = snap.items.map((it) => `${previewName(it.key)}\t${rowText(it, now)}`);
    const previews: Record<string, string> = {};
    for (const it of snap.items) previews[previewName(it.key)] = card(snap, it, now, width) + "\n";
    return { snap, rows, previews, verdict: firstVerdict(snap, req.cols, req.rows ?? 0, now) };
  });
  const silent = new Set(
    inp.workers
      .filter((w) => workerWarnings(w, now, inp.cfg).some((x) => x.kind === "silent"))
      .map((w) => workerPaths(req.home, w.id).status),
  );
  const inputs = signed.inputs.map((i): ViewInput => {
    const kind = digestKind(i[0], silent, inp.mounted.length > 0);
    const digest = kind && signed.digests.get(i[0])?.[kind];
    return kind && digest ? [i[0], i[1], digest, kind] : i;
  });
  const view: InboxView = {
    v: VIEW_VERSION,
    scope: req.scope ?? null,
    cols: req.cols,
    height: req.rows ?? 0,
    width,
    color: colorOn,
    agentDir: agentDir(),
    build: buildStamp(),
    builtAt: now,
    validUntil: validUntil(inp, now),
    inputs,
    pending: pendingCount(snap.items),
    rows,
    previews,
    ...(verdict ? { verdict } : {}),
  };
  try {
    writeView(req.home, view);
  } catch {
    /* a read-only or vanished store: the popup still shows what it rendered */
  }
  return { view, snap };
}
