// Review comments on a frozen change set, and change set versions. Pure: the review view (ui), the
// Send back (N comments) verb (workers) and the worker extension (pi, for versions) all use it.
import type { ChangeSet, ChangeSetVersion, ReviewComment, WorkerStatus } from "./schema.js";

// ---- a patch as the review view walks it ---------------------------------------------------------

export interface DiffLine {
  /** The patch line as written (not sanitised: callers sanitise what they show). */
  text: string;
  /** The file this line belongs to (b/ side; a/ side for a deletion); "" before the first file. */
  path: string;
  /** Index into `hunks`, or -1 for file headers and other metadata. */
  hunk: number;
  /** New-side line number (context and added lines), old-side one for removed lines; absent for headers. */
  line?: number;
  kind: "meta" | "header" | "add" | "del" | "context";
}

export interface Hunk {
  path: string;
  /** The `@@ … @@` line. */
  header: string;
  /** Index of the header line in `lines`. */
  start: number;
  /** One past the hunk's last line. */
  end: number;
  /** First line of the new side. */
  newStart: number;
}

export interface ParsedDiff {
  lines: DiffLine[];
  hunks: Hunk[];
}

const GIT_HEADER = /^diff --git a\/(.*) b\/(.*)$/;
const HUNK_HEADER = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

function unquote(p: string): string {
  return p.startsWith('"') && p.endsWith('"') ? p.slice(1, -1) : p;
}

/** The lines and hunks of a unified diff (git's format; renames off, so one path per file). */
export function parseDiff(patch: string): ParsedDiff {
  const raw = patch.replace(/\n$/, "").split("\n");
  const lines: DiffLine[] = [];
  const hunks: Hunk[] = [];
  let path = "";
  let oldLine = 0;
  let newLine = 0;
  let inHunk = false;
  const close = () => {
    const h = hunks[hunks.length - 1];
    if (inHunk && h) h.end = lines.length;
    inHunk = false;
  };
  for (const text of raw) {
    const g = GIT_HEADER.exec(text);
    if (g) {
      close();
      path = unquote(g[2]!);
      lines.push({ text, path, hunk: -1, kind: "meta" });
      continue;
    }
    if (!inHunk && text.startsWith("+++ ") && text !== "+++ /dev/null")
      path = unquote(text.slice(4)).replace(/^b\//, "");
    const h = HUNK_HEADER.exec(text);
    if (h) {
      close();
      oldLine = Number(h[1]);
      newLine = Number(h[2]);
      hunks.push({ path, header: text, start: lines.length, end: lines.length + 1, newStart: newLine });
      lines.push({ text, path, hunk: hunks.length - 1, kind: "header" });
      inHunk = true;
      continue;
    }
    if (
      inHunk &&
      (text.startsWith("+") || text.startsWith("-") || text.startsWith(" ") || text.startsWith("\\") || text === "")
    ) {
      const hunk = hunks.length - 1;
      if (text.startsWith("+")) lines.push({ text, path, hunk, line: newLine++, kind: "add" });
      else if (text.startsWith("-")) lines.push({ text, path, hunk, line: oldLine++, kind: "del" });
      else if (text.startsWith("\\")) lines.push({ text, path, hunk, kind: "meta" });
      else {
        lines.push({ text, path, hunk, line: newLine++, kind: "context" });
        oldLine++;
      }
      continue;
    }
    close();
    lines.push({ text, path, hunk: -1, kind: "meta" });
  }
  close();
  return { lines, hunks };
}

/** Whether a comment sits on this diff line: same line number on the same side. */
export function onLine(c: Pick<ReviewComment, "line" | "side">, l: DiffLine): boolean {
  return c.line !== undefined && c.line === l.line && (c.side === "old") === (l.kind === "del");
}

/** A hunk's text, its header line first, as the worker will read it. */
export function hunkText(d: ParsedDiff, h: Hunk): string {
  return d.lines
    .slice(h.start, h.end)
    .map((l) => l.text)
    .join("\n");
}

// ---- comments ------------------------------------------------------------------------------------

/** Comments on `version` not yet sent, oldest first. */
export function unsent(comments: readonly ReviewComment[], version: number): ReviewComment[] {
  return comments.filter((c) => c.version === version && !c.sentAt);
}

/** The version a worker's current change set is (records from before versions count as 1). */
export function currentVersion(w: Pick<WorkerStatus, "changeSet">): number {
  return w.changeSet ? (w.changeSet.version ?? 1) : 0;
}

/** The one message that carries every comment back to the worker: for each, `path:line`, the hunk, the comment. */
export function reviewMessage(comments: readonly ReviewComment[], version: number): string {
  const n = comments.length;
  const parts = comments.map((c, i) => {
    const where =
      c.line !== undefined
        ? `${c.path}:${c.line}${c.side === "old" ? " (removed line)" : ""}`
        : `${c.path} (whole hunk ${c.hunk.replace(/^(@@[^@]*@@).*$/, "$1")})`;
    return `## ${i + 1}. ${where}\n\n\`\`\`diff\n${c.hunkText}\n\`\`\`\n\n${c.comment}`;
  });
  return [
    `[docket review] ${n} review comment${n === 1 ? "" : "s"} on your change set v${version}. Address each one in ` +
      `the workspace, then call docket_done again (that freezes v${version + 1}).`,
    ...parts,
  ].join("\n\n");
}

// ---- versions ------------------------------------------------------------------------------------

/** The patch file a version keeps for good inside the worker dir. */
export function versionPatchName(version: number): string {
  return `changeset.v${version}.patch`;
}

/** Every version of a worker's change set, oldest first; a record from before versions has its one change set as v1. */
export function changeSetVersions(w: Pick<WorkerStatus, "changeSet" | "changeSets">): ChangeSetVersion[] {
  if (w.changeSets?.length) return w.changeSets;
  if (!w.changeSet) return [];
  const { baseline, files, patch, frozenAt } = w.changeSet;
  return [{ version: w.changeSet.version ?? 1, baseline, files, patch, frozenAt }];
}

/**
 * The record's change set fields after freezing `next` (written to `changeset.patch` and kept as
 * `changeset.v<N>.patch`): the version number goes up by one and the earlier ones stay in `changeSets`.
 */
export function nextVersion(
  w: Pick<WorkerStatus, "changeSet" | "changeSets">,
  next: Omit<ChangeSet, "version">,
): { changeSet: ChangeSet; changeSets: ChangeSetVersion[] } {
  const before = changeSetVersions(w).map((v) =>
    v.patch === "changeset.patch" ? { ...v, patch: versionPatchName(v.version) } : v,
  );
  const version = (before[before.length - 1]?.version ?? 0) + 1;
  const changeSet: ChangeSet = { ...next, version };
  return {
    changeSet,
    changeSets: [
      ...before,
      {
        version,
        baseline: next.baseline,
        files: next.files,
        patch: versionPatchName(version),
        frozenAt: next.frozenAt,
      },
    ],
  };
}

/** +added −removed over a version's files. */
export function versionTotals(v: Pick<ChangeSetVersion, "files">): { added: number; removed: number } {
  return { added: v.files.reduce((n, f) => n + f.added, 0), removed: v.files.reduce((n, f) => n + f.removed, 0) };
}
