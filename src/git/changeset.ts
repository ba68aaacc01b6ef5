// Freeze a worker's change set: everything in its workspace that differs from the baseline commit,
// as one binary-safe patch plus per-file line counts. Node built-ins only (the extension imports it).
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { writeFileAtomic, nowIso } from "../store/fsutil.js";

export interface FrozenFile {
  path: string;
  added: number;
  removed: number;
}

export interface FrozenChangeSet {
  baseline: string;
  files: FrozenFile[];
  /** Patch file name inside the worker dir. */
  patch: string;
  frozenAt: string;
}

const BASELINE_PATTERN = /^[0-9a-f]{7,64}$/;

function git(cwd: string, args: string[]): string {
  // No shell; a fixed identity and no user hooks/config surprises (pager, external diff, colour).
  return execFileSync("git", ["-c", "core.quotepath=off", "-c", "color.ui=false", "-c", "diff.external=", ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, GIT_PAGER: "cat", GIT_OPTIONAL_LOCKS: "0" },
  });
}

/** Parse `git diff --numstat -z` output (binary files count as 0/0; renames are off, so one path each). */
export function parseNumstatZ(out: string): FrozenFile[] {
  const files: FrozenFile[] = [];
  for (const rec of out.split("\0")) {
    if (!rec) continue;
    const m = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(rec);
    if (!m) continue;
    files.push({ path: m[3]!, added: m[1] === "-" ? 0 : Number(m[1]), removed: m[2] === "-" ? 0 : Number(m[2]) });
  }
  return files;
}

/**
 * Stage every change in the workspace (`git add -A`) and write the diff against `baseline`
 * to `patchFile`. Throws an Error naming the git step when something is wrong.
 */
export function freezeChangeSet(
  workspace: string,
  baseline: string,
  patchFile: string,
  patchName = "changeset.patch",
): FrozenChangeSet {
  if (!BASELINE_PATTERN.test(baseline)) throw new Error(`change set: baseline is not a commit id: ${baseline}`);
  git(workspace, ["add", "-A"]);
  const patch = git(workspace, ["diff", "--cached", "--binary", "--no-renames", "--no-ext-diff", baseline, "--"]);
  const numstat = git(workspace, ["diff", "--cached", "--numstat", "-z", "--no-renames", baseline, "--"]);
  writeFileAtomic(patchFile, patch);
  return { baseline, files: parseNumstatZ(numstat), patch: patchName, frozenAt: nowIso() };
}

/**
 * Keep `patchFile` (changeset.patch) as version `version`'s own file next to it (changeset.v<N>.patch),
 * which no later freeze overwrites. An existing version file is left as it is unless `overwrite` (the
 * version just frozen: a refused done may have left one behind); returns its name.
 */
export function keepVersionPatch(patchFile: string, version: number, overwrite = false): string {
  const name = `changeset.v${version}.patch`;
  const dest = join(dirname(patchFile), name);
  if ((overwrite || !existsSync(dest)) && existsSync(patchFile)) copyFileSync(patchFile, dest);
  return name;
}

/**
 * The files a patch file really touches, read by git from the patch itself (`git apply --numstat`):
 * for a change set that came from elsewhere (a remote worker), whose own list is not to be trusted.
 * Throws when git cannot read it as a patch.
 */
export function patchFiles(patchFile: string): FrozenFile[] {
  const out = execFileSync("git", ["apply", "--numstat", "-z", patchFile], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    cwd: dirname(patchFile),
    env: { ...process.env, GIT_DIR: "/nonexistent-docket", GIT_OPTIONAL_LOCKS: "0" },
  });
  return parseNumstatZ(out);
}
