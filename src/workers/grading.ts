// The grading service: grade a repo's live change sets (git/grade.ts) and keep the result where rows,
// cards and `docket show` read it (store/grades.ts), and mark workers whose base moved. Runs when a
// change set freezes (the extension asks for it), when one is accepted, and when an ordinary command
// notices the parent's HEAD moved; never on a popup's paint.
import type { BaseMoved, GradeFile, WorkerStatus } from "../core/schema.js";
import { touchedPaths } from "../core/overlap.js";
import { RUNNING_STATES } from "../core/states.js";
import { readArtifactsOf } from "../store/artifacts.js";
import { readGrades, writeGrades } from "../store/grades.js";
import { listWorkers, updateStatus } from "../store/workers.js";
import { requestViewRefresh } from "../store/views.js";
import { gitTry, splitZ } from "../git/git.js";
import { gradeWorkers } from "../git/grade.js";
import { readHead } from "../git/head.js";

const repoOf = (w: WorkerStatus) => w.workspace.repoRoot ?? w.project;

/** What a grading was computed from: every live change set of the repo. */
export function gradingKey(workers: WorkerStatus[]): string {
  return workers
    .filter((w) => w.changeSet?.files.length && !w.reviewedAt)
    .map((w) => `${w.label}:${w.changeSet!.baseline}:${w.changeSet!.frozenAt}`)
    .sort()
    .join(" ");
}

/** Workers a moved base concerns: running or ready, not yet reviewed. */
function concerned(w: WorkerStatus): boolean {
  return !w.reviewedAt && (w.state === "ready" || RUNNING_STATES.includes(w.state));
}

/**
 * Note on `w` that `paths` moved under it (`by` says how). Idempotent: paths already noted for the same
 * cause are not written again; a new cause adds its paths and keeps the first `by`.
 */
export function markBaseMoved(home: string, w: WorkerStatus, by: string, paths: string[], head?: string): void {
  if (!paths.length) return;
  updateStatus(home, w.id, (s) => {
    const old = s.baseMoved;
    const all = [...new Set([...(old?.paths ?? []), ...paths])].sort();
    if (old && all.length === old.paths.length && (head === undefined || old.head === head)) return undefined;
    const next: BaseMoved = {
      at: new Date().toISOString(),
      by: old?.by ?? by,
      paths: all,
      ...((head ?? old?.head) ? { head: head ?? old?.head } : {}),
    };
    return { ...s, baseMoved: next };
  });
}

/** After `accepted`'s change set landed in the parent: every other concerned worker touching its files. */
export function markAccepted(home: string, accepted: WorkerStatus, files: string[]): WorkerStatus[] {
  const { workers } = listWorkers(home);
  const others = workers.filter((w) => w.id !== accepted.id && repoOf(w) === repoOf(accepted) && concerned(w));
  const arts = readArtifactsOf(
    home,
    others.map((w) => w.id),
  );
  const moved: WorkerStatus[] = [];
  for (const w of others) {
    const hit = touchedPaths(w, arts.get(w.id)).filter((p) => files.includes(p));
    if (!hit.length) continue;
    markBaseMoved(home, w, `accepted ${accepted.label}`, hit);
    moved.push(w);
  }
  return moved;
}

/** Files the parent's commits changed between `from` and `to` (undefined when git cannot say). */
async function changedBetween(root: string, from: string, to: string): Promise<string[] | undefined> {
  const out = await gitTry(["diff", "--name-only", "-z", "--no-renames", from, to, "--"], { cwd: root });
  return out === undefined ? undefined : splitZ(out);
}

/** The parent's HEAD is not where each concerned worker started: note which of its files moved. */
async function markParentMoves(home: string, root: string, head: string, workers: WorkerStatus[]): Promise<void> {
  const arts = readArtifactsOf(
    home,
    workers.map((w) => w.id),
  );
  const byStart = new Map<string, string[] | undefined>();
  for (const w of workers) {
    const start = w.workspace.parentHead;
    if (!start || start === head || !concerned(w)) continue;
    if (!byStart.has(start)) byStart.set(start, await changedBetween(root, start, head));
    const changed = byStart.get(start);
    if (!changed?.length) continue;
    const hit = touchedPaths(w, arts.get(w.id)).filter((p) => changed.includes(p));
    markBaseMoved(home, w, `parent at ${head.slice(0, 7)}`, hit, head);
  }
}

/** Grade `root` again unless the stored grading is of the same change sets at the same HEAD. */
export async function refreshGrades(home: string, root: string, opts: { force?: boolean } = {}): Promise<GradeFile> {
  const inRepo = () => listWorkers(home).workers.filter((w) => repoOf(w) === root);
  let mine = inRepo();
  const prev = readGrades(home, root);
  if (!opts.force && prev && prev.key === gradingKey(mine) && prev.head === readHead(root)) return prev;
  // Two change sets frozen at once start two refreshes: one that graded a set that changed while it
  // worked grades again rather than write over the other's newer result.
  for (let round = 0; ; round++) {
    const head = readHead(root);
    const key = gradingKey(mine);
    if (head) await markParentMoves(home, root, head, mine);
    const report = await gradeWorkers(home, root, mine);
    const now = inRepo();
    if (round < 3 && (gradingKey(now) !== key || readHead(root) !== head)) {
      mine = now;
      continue;
    }
    const g: GradeFile = {
      v: 1,
      repoRoot: root,
      ...(head ? { head } : {}),
      key,
      gradedAt: new Date().toISOString(),
      byLabel: report.byLabel,
      failed: report.failed,
    };
    writeGrades(home, g);
    requestViewRefresh(home);
    return g;
  }
}
