// `docket broadcast`: one message to every running worker of a project (or those whose touched paths
// match a glob), each through its own mailbox with its own receipts (tellWorker), recorded once in
// the ledger as a `broadcast` row naming its recipients.
import { DocketError } from "../core/errors.js";
import { matchesGlob } from "../core/glob.js";
import { touchedPaths } from "../core/overlap.js";
import { inProject } from "../core/ranking.js";
import { RUNNING_STATES, type Artifact, type WorkerStatus } from "../core/schema.js";
import { readArtifactsOf } from "../store/artifacts.js";
import { nowIso } from "../store/fsutil.js";
import { appendDecision } from "../store/ledger.js";
import { tellWorker, type TellVia } from "./tell.js";

export interface BroadcastOptions {
  /** Only workers whose change set files or edited files match this glob (core/glob.ts). */
  touching?: string;
  /** Project root to scope to (the current directory's); undefined = every project. */
  project?: string;
}

export interface BroadcastResult {
  sent: Array<{ label: string; id: string; via: TellVia; message: string }>;
  /** Running workers that matched but could not take it, and why. */
  failed: Array<{ label: string; id: string; why: string }>;
}

/** The running workers a broadcast goes to, in label order. */
export function broadcastTargets(
  workers: WorkerStatus[],
  artifacts: Map<string, Artifact[]>,
  opts: BroadcastOptions,
): WorkerStatus[] {
  return workers
    .filter((w) => RUNNING_STATES.includes(w.state) && !w.endedAt && inProject(w, opts.project))
    .filter(
      (w) =>
        !opts.touching ||
        touchedPaths({ ...w, reviewedAt: undefined }, artifacts.get(w.id)).some((p) => matchesGlob(p, opts.touching!)),
    )
    .sort((a, b) => a.index - b.index);
}

export async function broadcast(
  home: string,
  workers: WorkerStatus[],
  text: string,
  opts: BroadcastOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<BroadcastResult> {
  const targets = broadcastTargets(
    workers,
    readArtifactsOf(
      home,
      workers.map((w) => w.id),
    ),
    opts,
  );
  if (!targets.length) {
    throw new DocketError(
      `no running worker${opts.project ? " of this project" : ""}` +
        `${opts.touching ? ` touches ${opts.touching}` : ""}: nothing sent`,
    );
  }
  const r: BroadcastResult = { sent: [], failed: [] };
  for (const w of targets) {
    try {
      const t = await tellWorker(home, w, text, {}, env);
      r.sent.push({ label: w.label, id: w.id, via: t.via, message: t.messageId });
    } catch (err) {
      if (!(err instanceof DocketError)) throw err;
      r.failed.push({ label: w.label, id: w.id, why: err.message });
    }
  }
  if (r.sent.length) {
    appendDecision(home, {
      ts: nowIso(),
      verb: "broadcast",
      worker: "broadcast",
      label: r.sent.map((s) => s.label).join(","),
      task: "",
      state: "active",
      text,
      evidence: [],
      recipients: r.sent.map((s) => ({ worker: s.id, label: s.label, message: s.message })),
      ...(opts.touching ? { touching: opts.touching } : {}),
    });
  }
  return r;
}
