// Combine: two change sets (or one and the parent's own edits) merged three-way onto the parent's
// working tree, computed out of place like promote.ts: each change set's result tree is built in a
// scratch index (baseline + patch), and every touched file is merged with `git merge-file --diff3` on
// temp copies in the scratch dir. For a pair (A, B): A goes onto the parent's current files (against
// A's baseline), then B onto that (against B's baseline), so an already accepted A merges as a no-op.
// Conflicting files come back marked up (`<<<<<<< w2 (fix login)`, `||||||| base`, `>>>>>>> w5 (…)`)
// for the person to resolve; nothing here writes into the parent until writeCombine, and that only
// after every file is resolved and no touched file moved since planning.
import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { DocketError } from "../core/errors.js";
import type { WorkerStatus } from "../core/schema.js";
import { workerPaths } from "../store/layout.js";
import { gitTry } from "./git.js";
import { openScratch, resultTree, type Scratch } from "./scratch.js";

/** One file of a combination: its merged bytes (undefined: deleted), or the marked-up text to resolve. */
export interface CombineFile {
  path: string;
  result?: Buffer;
  /** Set when the merge conflicts: diff3-marked text (the person resolves it). */
  conflicted?: string;
  /** 1-based [first, last] line of each conflict region in `conflicted`. */
  lines: [number, number][];
  /** A file the combination creates with the executable bit. */
  executable?: boolean;
}

export interface CombineAsk {
  path: string;
  why: string;
}

export interface CombinePlan {
  /** Repo root (where the results go). */
  dir: string;
  a: WorkerStatus;
  /** The second worker; undefined: combined with the parent's own edits. */
  b?: WorkerStatus;
  /** Marker labels: ours (the parent, or A), theirs (B, or the worker when combined with the parent). */
  ours: string;
  theirs: string;
  files: CombineFile[];
  /** sha1 of each touched parent file when planned: re-checked before writing. */
  digests: Record<string, string>;
  /** The person's own uncommitted edits to touched files (merged, never overwritten): ask first. */
  asks: CombineAsk[];
}

function digest(file: string): string {
  return existsSync(file) ? createHash("sha1").update(readFileSync(file)).digest("hex") : "missing";
}

/** `w2 (fix login)`: the label and the task's first line, one safe line for a conflict marker. */
export function sideLabel(w: WorkerStatus): string {
  const task = (w.task.split("\n")[0] ?? "")
    .replace(/[\x00-\x1f\x7f]/g, " ")
    .trim()
    .slice(0, 50);
  return task ? `${w.label} (${task})` : w.label;
}

interface Side {
  w: WorkerStatus;
  baseline: string;
  tree: string;
  files: Set<string>;
  modes: Map<string, string>;
}

function patchFile(home: string, w: WorkerStatus): string {
  const cs = w.changeSet;
  if (!cs || cs.files.length === 0) throw new DocketError(`${w.label} has no change set to combine`);
  if (!/^[A-Za-z0-9._-]+$/.test(cs.patch))
    throw new DocketError(`${w.label}: invalid change-set patch name ${JSON.stringify(cs.patch)}`);
  const p = join(workerPaths(home, w.id).dir, cs.patch);
  if (!existsSync(p)) throw new DocketError(`${w.label}: change-set patch missing (${p})`);
  return p;
}

/** Run git for its raw output (bytes, final newline kept); exitCode -1 when it could not start or was killed. */
function gitBytes(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv | undefined,
): Promise<{ exitCode: number; stdout: Buffer; stderr: Buffer }> {
  return new Promise((resolve) => {
    const child = spawn("git", args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on("data", (b: Buffer) => out.push(b));
    child.stderr!.on("data", (b: Buffer) => err.push(b));
    child.once("error", (e) => resolve({ exitCode: -1, stdout: Buffer.alloc(0), stderr: Buffer.from(e.message) }));
    child.once("close", (code) =>
      resolve({ exitCode: code ?? -1, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }),
    );
  });
}

async function blob(s: Scratch, spec: string): Promise<Buffer | undefined> {
  const r = await gitBytes(["cat-file", "blob", spec], s.root, s.env);
  s.calls++;
  return r.exitCode === 0 ? r.stdout : undefined;
}

async function modes(s: Scratch, tree: string, paths: string[]): Promise<Map<string, string>> {
  const out = await s.run(["ls-tree", "-r", "-z", "--full-tree", tree, "--", ...paths], { raw: true });
  const m = new Map<string, string>();
  for (const e of out.split("\0").filter(Boolean)) {
    const [meta, path] = e.split("\t") as [string, string];
    m.set(path, meta.split(" ")[0]!);
  }
  return m;
}

const same = (x: Buffer | undefined, y: Buffer | undefined) =>
  x === undefined ? y === undefined : y !== undefined && x.equals(y);

interface Merged {
  result?: Buffer;
  conflicted?: string;
}

let tmpN = 0;

/** Three-way merge of one file's bytes; labels for the markers. */
async function merge3(
  s: Scratch,
  path: string,
  ours: Buffer | undefined,
  base: Buffer | undefined,
  theirs: Buffer | undefined,
  labels: [string, string],
): Promise<Merged> {
  if (same(ours, theirs) || same(base, theirs)) return { result: ours };
  if (same(base, ours)) return { result: theirs };
  if (ours === undefined || theirs === undefined) {
    const who = ours === undefined ? labels[0] : labels[1];
    throw new DocketError(
      `${path}: ${who} deletes it and the other side changes it; combine cannot mark that up, nothing was written`,
    );
  }
  if ([ours, base, theirs].some((b) => b?.includes(0)))
    throw new DocketError(`${path} is binary and both sides change it; combine cannot mark it up, nothing was written`);
  const n = tmpN++;
  const f = (which: string, b: Buffer | undefined) => {
    const file = join(s.dir, `m${n}-${which}`);
    writeFileSync(file, b ?? Buffer.alloc(0));
    return file;
  };
  const args = [
    "merge-file",
    "-p",
    "--diff3",
    "-L",
    labels[0],
    "-L",
    "base",
    "-L",
    labels[1],
    f("ours", ours),
    f("base", base),
    f("theirs", theirs),
  ];
  const r = await gitBytes(args, s.dir, s.env);
  s.calls++;
  const code = r.exitCode;
  if (code < 0 || code > 127)
    throw new DocketError(`${path}: git merge-file failed: ${Buffer.from(r.stderr).toString().trim().split("\n")[0]}`);
  const out = r.stdout;
  return code === 0 ? { result: out } : { conflicted: out.toString("utf8") };
}

/** 1-based [first, last] line of each `<<<<<<<` … `>>>>>>>` region. */
export function conflictRegions(text: string): [number, number][] {
  const out: [number, number][] = [];
  let open = 0;
  text.split("\n").forEach((line, i) => {
    if (/^<{7}( |$)/.test(line)) open = i + 1;
    else if (/^>{7}( |$)/.test(line) && open) {
      out.push([open, i + 1]);
      open = 0;
    }
  });
  return out;
}

/** The first conflict marker left in `text` (1-based line), or undefined. */
export function leftoverMarker(text: string): number | undefined {
  const i = text.split("\n").findIndex((l) => /^(<{7}|\|{7}|>{7})( |$)/.test(l));
  return i < 0 ? undefined : i + 1;
}

/**
 * Plan the combination of `a` with `b` (or, without `b`, with the parent's own edits) onto the
 * parent's working tree. Writes nothing into the parent; throws DocketError when it cannot be done.
 */
export async function planCombine(home: string, a: WorkerStatus, b?: WorkerStatus): Promise<CombinePlan> {
  if (b && b.id === a.id) throw new DocketError(`cannot combine ${a.label} with itself`);
  const workers = b ? [a, b] : [a];
  const patches = workers.map((w) => patchFile(home, w));
  const roots = workers.map((w) => (w.workspace.type === "worktree" ? w.workspace.repoRoot : undefined));
  workers.forEach((w, i) => {
    if (!roots[i])
      throw new DocketError(
        `${w.label} does not work in a git worktree of the parent; combine needs a shared repo (accept it instead)`,
      );
  });
  if (b && roots[0] !== roots[1])
    throw new DocketError(
      `${a.label} and ${b.label} work in different repos (${roots[0]}, ${roots[1]}); nothing to combine`,
    );
  const dir = roots[0]!;
  if (!existsSync(dir)) throw new DocketError(`parent directory is gone (${dir})`);
  const s = await openScratch(dir);
  try {
    const sides: Side[] = [];
    for (const [i, w] of workers.entries()) {
      const baseline = w.changeSet!.baseline;
      if (
        !/^[0-9a-f]{7,64}$/.test(baseline) ||
        !(await gitTry(["rev-parse", "--verify", "-q", `${baseline}^{commit}`], { cwd: dir }))
      ) {
        throw new DocketError(
          `${w.label}: its baseline ${baseline.slice(0, 12)} is no longer in the repo; combine needs it (accept ` +
            `falls back to git apply)`,
        );
      }
      let tree: string;
      try {
        tree = await resultTree(s, baseline, patches[i]!);
      } catch (err) {
        throw new DocketError(
          `${w.label}: change set does not apply to its own baseline ${baseline.slice(0, 12)}: ` +
            `${(err as Error).message}`,
        );
      }
      const files = new Set(w.changeSet!.files.map((f) => f.path));
      sides.push({ w, baseline, tree, files, modes: await modes(s, tree, [...files]) });
    }
    const ours = b ? sideLabel(a) : "parent";
    const theirs = b ? sideLabel(b) : sideLabel(a);
    const paths = [...new Set(sides.flatMap((x) => [...x.files]))].sort();
    const digests: Record<string, string> = {};
    const asks: CombineAsk[] = [];
    const out: CombineFile[] = [];
    for (const path of paths) {
      const file = join(dir, path);
      digests[path] = digest(file);
      if (existsSync(file) && lstatSync(file).isSymbolicLink())
        throw new DocketError(`${path} is a symlink in the parent; combine cannot merge it (accept instead)`);
      const parent = existsSync(file) ? readFileSync(file) : undefined;
      let cur: Buffer | undefined = parent;
      const explained: (Buffer | undefined)[] = [];
      let conflicted: string | undefined;
      let executable = false;
      for (const [i, x] of sides.entries()) {
        if (!x.files.has(path)) continue;
        const mode = x.modes.get(path);
        if (mode === "120000")
          throw new DocketError(`${path}: ${x.w.label} makes it a symlink; combine cannot merge it (accept instead)`);
        if (mode === "100755") executable = true;
        const base = await blob(s, `${x.baseline}:${path}`);
        const res = await blob(s, `${x.tree}:${path}`);
        explained.push(base, res);
        // Pair: the first step is the parent + A (a conflict there is the parent's, not B's);
        // the last step is marked up.
        const labels: [string, string] = b && i === 0 ? ["parent", sideLabel(a)] : [ours, theirs];
        const m = await merge3(s, path, cur, base, res, labels);
        if (m.conflicted !== undefined) {
          if (b && i === 0)
            throw new DocketError(
              `${path}: ${a.label} conflicts with the parent's own edits there; combine ${a.label} with the parent ` +
                `first (docket combine ${a.label})`,
            );
          conflicted = m.conflicted;
        } else cur = m.result;
      }
      // The parent's file is neither a baseline nor a result of the sides: the person edited it.
      // With the parent itself as a side, those edits are the point: nothing to ask.
      if (b && !explained.some((e) => same(e, parent)))
        asks.push({ path, why: "you changed this file in the parent (your edits are merged, not overwritten)" });
      if (conflicted !== undefined)
        out.push({
          path,
          conflicted,
          lines: conflictRegions(conflicted),
          executable: parent === undefined && executable,
        });
      else if (!same(cur, parent))
        out.push({ path, result: cur, lines: [], executable: parent === undefined && executable });
    }
    return { dir, a, b, ours, theirs, files: out, digests, asks };
  } finally {
    s.close();
  }
}

/**
 * Write a combination into the parent's working tree (unstaged): `resolved` holds the person's text for
 * every conflicted file. Refuses, writing nothing, when a touched file moved since planning.
 */
export function writeCombine(plan: CombinePlan, resolved: Map<string, string>): string[] {
  for (const [f, d] of Object.entries(plan.digests)) {
    if (digest(join(plan.dir, f)) !== d)
      throw new DocketError(`${f} changed in the parent while combining; nothing was written, try again`);
  }
  for (const f of plan.files) {
    if (f.conflicted !== undefined && !resolved.has(f.path))
      throw new DocketError(`${f.path} is not resolved; nothing was written`);
  }
  const written: string[] = [];
  for (const f of plan.files) {
    const file = join(plan.dir, f.path);
    const bytes = f.conflicted !== undefined ? Buffer.from(resolved.get(f.path)!) : f.result;
    if (bytes === undefined) {
      if (existsSync(file)) unlinkSync(file);
      for (
        let d = dirname(file);
        d.startsWith(plan.dir + "/") && existsSync(d) && readdirSync(d).length === 0;
        d = dirname(d)
      )
        rmdirSync(d);
    } else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, bytes);
      if (f.executable) chmodSync(file, 0o755);
    }
    written.push(f.path);
  }
  return written;
}
