// Build the inbox view: the ranked rows and every card, rendered with time tokens, written to
// <home>/views so the next inbox paints from it (fast/entry.cts) within one bare node start.
// Every input is fingerprinted before it is read, so a change racing the build leaves the view
// stale (the next popup renders from the store), never wrong.
import { readdirSync } from "node:fs";
import { agentDir } from "../core/env.js";
import { projectConfigPath, userConfigPath } from "../core/config-defaults.js";
import { hidesAt } from "../core/eviction.js";
import { pendingCount, type ReviewItem } from "../core/ranking.js";
import { warningStartsAt } from "../core/warnings.js";
import { withTimeTokens } from "../fast/first-paint.cjs";
import { previewName } from "../fast/first-paint.cjs";
import { fingerprint, VIEW_VERSION, writeView, type InboxView } from "../fast/first-paint.cjs";
import { bundlesDir, ID_PATTERN, loadsPath, workerPaths, workersDir } from "../store/layout.js";
import { colorOn } from "./ansi.js";
import { renderArtifactCard, renderCard } from "./card.js";
import { buildSnapshot, doneFile, readPaneTail, readSnapshotInputs, type Snapshot, type SnapshotInputs } from "./data.js";
import { rowText } from "./inbox-row.js";
import { renderMountedCard } from "./mounted.js";

export interface ViewRequest {
  home: string;
  /** Project root, or undefined for every project. */
  scope: string | undefined;
  width: number;
  now?: number;
}

/** Every file a view is built from; the workers and bundles directories catch added and removed entries. */
export function viewInputs(home: string, scope: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  let ids: string[] = [];
  try {
    ids = readdirSync(workersDir(home)).filter((id) => ID_PATTERN.test(id)).sort();
  } catch {
    /* no workers yet */
  }
  const perWorker = ids.flatMap((id) => {
    const p = workerPaths(home, id);
    return [p.status, p.artifacts, p.paneTail];
  });
  const config = [userConfigPath(env), ...(scope ? [projectConfigPath(scope)] : [])];
  return [workersDir(home), ...perWorker, loadsPath(home), bundlesDir(home), doneFile(home), ...config];
}

function card(snap: Snapshot, item: ReviewItem, now: number, width: number): string {
  const m = item.mounted && snap.mounted.get(item.key);
  if (m) return renderMountedCard(item, m, now, width);
  const w = snap.byId.get(item.workerId)!;
  const arts = snap.artifacts.get(w.id) ?? [];
  const a = item.artifactId ? arts.find((x) => x.id === item.artifactId) : undefined;
  if (a) return renderArtifactCard(w, a, now, width);
  return renderCard({ worker: w, artifacts: arts, paneTail: readPaneTail(snap.home, w.id), markers: snap.markers.get(w.id), width, now });
}

/** First moment after `now` when a warning appears or a worker hides: the view is rebuilt then. */
function validUntil(inp: SnapshotInputs, now: number): number {
  let until = Number.MAX_SAFE_INTEGER;
  for (const w of inp.workers) {
    for (const t of [warningStartsAt(w, now, inp.cfg), hidesAt(w, now, inp.cfg)]) if (t !== undefined && t < until) until = t;
  }
  return until;
}

/** Render a view from the store and write it. Returns it with the snapshot it shows. */
export async function buildInboxView(req: ViewRequest): Promise<{ view: InboxView; snap: Snapshot }> {
  const now = req.now ?? Date.now();
  const inputs = fingerprint(viewInputs(req.home, req.scope));
  const inp = await readSnapshotInputs(req.home, req.scope);
  // Ages become tokens filled in when the view is shown; the render is synchronous (see withTimeTokens).
  const { snap, rows, previews } = withTimeTokens(() => {
    const snap = buildSnapshot(inp, req.scope, now);
    const rows = snap.items.map((it) => `${previewName(it.key)}\t${rowText(it, now)}`);
    const previews: Record<string, string> = {};
    for (const it of snap.items) previews[previewName(it.key)] = card(snap, it, now, req.width) + "\n";
    return { snap, rows, previews };
  });
  const view: InboxView = {
    v: VIEW_VERSION,
    scope: req.scope ?? null,
    width: req.width,
    color: colorOn,
    agentDir: agentDir(),
    builtAt: now,
    validUntil: validUntil(inp, now),
    inputs,
    pending: pendingCount(snap.items),
    rows,
    previews,
  };
  try {
    writeView(req.home, view);
  } catch {
    /* a read-only or vanished store: the popup still shows what it rendered */
  }
  return { view, snap };
}
