// Shipping a worker's baseline to another machine (spawn --host, docs/remote.md): a git bundle of the
// baseline commit (the parent's HEAD plus its dirty and untracked files), minus what the remote's
// bare repo already has, fetched there into that repo. The baseline is the same commit on both ends,
// so the change set that comes back applies here three-way like a local worker's.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DocketError } from "../core/errors.js";
import { fnv1a32 } from "../core/hash.js";
import { git, gitTry } from "./git.js";

/** The ref that keeps a remote worker's baseline alive in the parent repo (and names it in the bundle). */
export function baselineRef(id: string): string {
  return `refs/docket/baselines/${id}`;
}

/** The name of the parent repo's bare twin on a remote: readable and unique per local path. */
export function repoKey(root: string): string {
  const base = root.split("/").filter(Boolean).at(-1) ?? "repo";
  return `${base.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 40)}-${fnv1a32(root)}`;
}

const HEX = /^[0-9a-f]{40,64}$/;

/**
 * A bundle of `ref` without the commits in `have` that this repo knows (the remote's tips). Empty when
 * the remote has the baseline already.
 */
export async function createBundle(root: string, ref: string, have: string[]): Promise<Buffer> {
  const known: string[] = [];
  for (const c of have.filter((h) => HEX.test(h)))
    if ((await gitTry(["cat-file", "-e", `${c}^{commit}`], { cwd: root })) !== undefined) known.push(c);
  const dir = mkdtempSync(join(tmpdir(), "docket-bundle-"));
  try {
    const file = join(dir, "b.bundle");
    const args = ["bundle", "create", "-q", file, ref, ...(known.length ? ["--not", ...known] : [])];
    try {
      await git(args, { cwd: root });
    } catch (err) {
      // Everything is on the remote already: git refuses an empty bundle.
      if (/empty bundle/i.test((err as Error).message)) return Buffer.alloc(0);
      throw err;
    }
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The commits a bare repo holds as ref tips (what a new bundle can leave out). */
export async function tips(bare: string): Promise<string[]> {
  const out = await gitTry(["for-each-ref", "--format=%(objectname)"], { cwd: bare });
  return [...new Set((out ?? "").split("\n").filter((l) => HEX.test(l)))];
}

/** The remote end: create the bare repo when new, fetch the bundle's ref into it, check the commit. */
export async function receiveBundle(bare: string, bundle: Buffer, ref: string, commit: string): Promise<void> {
  if ((await gitTry(["rev-parse", "--is-bare-repository"], { cwd: bare }))?.trim() !== "true")
    await git(["init", "-q", "--bare", bare], { cwd: tmpdir() });
  if (bundle.length) {
    const dir = mkdtempSync(join(tmpdir(), "docket-bundle-"));
    try {
      const file = join(dir, "b.bundle");
      writeFileSync(file, bundle, { mode: 0o600 });
      await git(["fetch", "-q", file, `+${ref}:${ref}`], { cwd: bare });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if ((await gitTry(["cat-file", "-e", `${commit}^{commit}`], { cwd: bare })) === undefined)
    throw new DocketError(`baseline ${commit.slice(0, 12)} did not arrive in ${bare}`);
  // Keep it referenced on this end too, so a gc never takes a live worker's baseline.
  await git(["update-ref", ref, commit], { cwd: bare });
}
