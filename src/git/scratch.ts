// Out-of-place git: a scratch object directory (the repo's objects as an alternate) and scratch index
// files, so grading and three-way promotes build trees, commits and merges without writing one object
// into the person's repo, touching their index or their working tree. Everything lives in a temp dir
// that close() removes.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { git } from "./git.js";

/** Config that makes merges and diffs match the frozen patches (no renames, no pager/colour/ext diff). */
const FLAGS = [
  "-c",
  "core.quotepath=off",
  "-c",
  "merge.renames=false",
  "-c",
  "diff.renames=false",
  "-c",
  "color.ui=false",
  "-c",
  "diff.external=",
];

export interface Scratch {
  /** Repo top level (the work tree git reads with update-index and writes with checkout-index). */
  root: string;
  dir: string;
  env: NodeJS.ProcessEnv;
  objectFormat: "sha1" | "sha256";
  /** git processes run through this scratch so far. */
  calls: number;
  run(args: string[], opts?: { input?: string; index?: string; raw?: boolean }): Promise<string>;
  /** A fresh scratch index file path (not created). */
  index(name: string): string;
  close(): void;
}

/** Per repo root: where its objects live and their hash (asked once per process). */
const repoFacts = new Map<string, Promise<string[]>>();

export async function openScratch(root: string): Promise<Scratch> {
  let facts = repoFacts.get(root);
  if (!facts) {
    facts = git(["rev-parse", "--git-path", "objects", "--show-object-format"], { cwd: root }).then((o) =>
      o.split("\n"),
    );
    repoFacts.set(root, facts);
  }
  const [objects = "", fmt] = await facts.catch((err: unknown) => {
    repoFacts.delete(root);
    throw err;
  });
  const repoObjects = isAbsolute(objects) ? objects : resolve(root, objects);
  const format = fmt?.trim() === "sha256" ? "sha256" : "sha1";
  const dir = mkdtempSync(join(tmpdir(), "docket-merge-"));
  mkdirSync(join(dir, "objects"), { recursive: true });
  const alternates = [repoObjects, process.env.GIT_ALTERNATE_OBJECT_DIRECTORIES].filter(Boolean).join(":");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_OBJECT_DIRECTORY: join(dir, "objects"),
    GIT_ALTERNATE_OBJECT_DIRECTORIES: alternates,
    GIT_OPTIONAL_LOCKS: "0",
    GIT_PAGER: "cat",
    GIT_LITERAL_PATHSPECS: "1",
  };
  delete env.GIT_INDEX_FILE;
  let n = 0;
  const scratch: Scratch = {
    root,
    dir,
    env,
    objectFormat: format,
    calls: 0,
    run: (args, opts = {}) => {
      scratch.calls++;
      return git([...FLAGS, ...args], {
        cwd: root,
        input: opts.input,
        raw: opts.raw,
        env: opts.index ? { ...env, GIT_INDEX_FILE: opts.index } : env,
      });
    },
    index: (name) => join(dir, `index-${n++}-${name.replace(/[^A-Za-z0-9._-]/g, "_")}`),
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
  return scratch;
}

/** The tree a change set produces: its baseline's tree with the patch applied, in a scratch index. */
export async function resultTree(s: Scratch, baseline: string, patchFile: string): Promise<string> {
  const index = s.index("result");
  await s.run(["read-tree", baseline], { index });
  await s.run(["apply", "--cached", "--binary", "--whitespace=nowarn", patchFile], { index });
  return (await s.run(["write-tree"], { index })).trim();
}

// ---- mini trees: a baseline's entries for just the paths in play, with or without a patch applied.
// Every tree of one run covers the same path set, so a merge of mini trees decides exactly what a merge
// of the full trees would for those paths (renames are off; nothing else differs between the sides).
// All of them come out of one scratch index: entries under `k<i>/`, every patch rewritten to that
// prefix, one `git apply --cached`, one `git write-tree`, one `git ls-tree` for the subtrees.

export interface TreeJob {
  /** Baseline commit. */
  baseline: string;
  /** Patch to apply on top (absolute path); none for the baseline's own mini tree. */
  patch?: string;
}

export function emptyTree(s: Scratch): string {
  return createHash(s.objectFormat).update("tree 0\0").digest("hex");
}

/** Rewrite a patch's file names to live under `prefix/` (headers only; hunk and binary bodies untouched). */
export function prefixPatch(patch: string, prefix: string): string {
  const out: string[] = [];
  let left = 0;
  let oldLeft = 0;
  let newLeft = 0;
  let binary = false;
  const put = (name: string, side: "a" | "b") =>
    name.startsWith('"')
      ? name.replace(`"${side}/`, `"${side}/${prefix}/`)
      : name.replace(`${side}/`, `${side}/${prefix}/`);
  for (const line of patch.split("\n")) {
    if (left > 0) {
      out.push(line);
      const c = line[0];
      if (c === "\\") continue;
      if (c === "-") oldLeft--;
      else if (c === "+") newLeft--;
      else {
        oldLeft--;
        newLeft--;
      }
      left = Math.max(oldLeft, 0) + Math.max(newLeft, 0);
      continue;
    }
    if (line.startsWith("diff --git ")) {
      binary = false;
      const rest = line.slice(11);
      const p = headerPath(rest);
      if (p === undefined) throw new Error(`unreadable patch header: ${line}`);
      out.push(
        rest.startsWith('"')
          ? `diff --git ${rest.replace('"a/', `"a/${prefix}/`).replace(' "b/', ` "b/${prefix}/`)}`
          : `diff --git a/${prefix}/${p} b/${prefix}/${p}`,
      );
      continue;
    }
    if (binary) {
      out.push(line);
      continue;
    }
    if (line === "GIT binary patch") binary = true;
    else if (line.startsWith("--- ") && line !== "--- /dev/null") {
      out.push(`--- ${put(line.slice(4), "a")}`);
      continue;
    } else if (line.startsWith("+++ ") && line !== "+++ /dev/null") {
      out.push(`+++ ${put(line.slice(4), "b")}`);
      continue;
    } else {
      const h = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line);
      if (h) {
        oldLeft = h[1] === undefined ? 1 : Number(h[1]);
        newLeft = h[2] === undefined ? 1 : Number(h[2]);
        left = oldLeft + newLeft;
      }
    }
    out.push(line);
  }
  return out.join("\n");
}

/**
 * Mini trees over `paths` for every job, in a handful of git processes whatever the number of jobs.
 * Returns one tree per job (undefined where the patch does not apply to its baseline) .
 */
export async function miniTrees(s: Scratch, jobs: TreeJob[], paths: string[]): Promise<(string | undefined)[]> {
  const baselines = [...new Set(jobs.map((j) => j.baseline))];
  const listed = new Map<string, string[]>();
  await Promise.all(
    baselines.map(async (b) => {
      const out = await s.run(["ls-tree", "-r", "-z", "--full-tree", b, "--", ...paths], { raw: true });
      listed.set(b, out.split("\0").filter(Boolean));
    }),
  );
  const build = async (which: number[]): Promise<Map<number, string> | undefined> => {
    const index = s.index("mini");
    const info = which.flatMap((i) => listed.get(jobs[i]!.baseline)!.map((e) => e.replace("\t", `\tk${i}/`)));
    if (info.length)
      await s.run(["update-index", "--add", "-z", "--index-info"], { index, input: info.join("\0") + "\0" });
    let patches: string[];
    try {
      patches = which
        .filter((i) => jobs[i]!.patch)
        .map((i) => prefixPatch(readFileSync(jobs[i]!.patch!, "utf8"), `k${i}`));
    } catch {
      return undefined; // unreadable patch file or header: found alone below
    }
    if (patches.length) {
      const file = join(s.dir, `mini-${which.join("-").slice(0, 60)}.patch`);
      writeFileSync(file, patches.map((p) => (p.endsWith("\n") ? p : p + "\n")).join(""));
      try {
        await s.run(["apply", "--cached", "--binary", "--whitespace=nowarn", file], { index });
      } catch {
        return undefined;
      }
    }
    const root = (await s.run(["write-tree"], { index })).trim();
    const top = (await s.run(["ls-tree", "-z", root], { raw: true })).split("\0").filter(Boolean);
    const subtrees = new Map<number, string>();
    for (const e of top) {
      const m = /^040000 tree ([0-9a-f]+)\tk(\d+)$/.exec(e);
      if (m) subtrees.set(Number(m[2]), m[1]!);
    }
    const empty = emptyTree(s);
    return new Map(which.map((i) => [i, subtrees.get(i) ?? empty]));
  };
  const all = jobs.map((_, i) => i);
  let got = await build(all);
  if (!got) {
    // One patch (at least) does not apply: find which, alone, then build the rest together.
    const ok: number[] = [];
    for (const i of all) if (!jobs[i]!.patch || (await build([i]))) ok.push(i);
    got = (await build(ok)) ?? new Map();
  }
  return jobs.map((_, i) => got!.get(i));
}

// ---- fabricated commits: merge-tree (git 2.38+) wants commits and finds the merge base itself, so a
// three-way merge of trees (base, ours, theirs) becomes: root commit R with the base tree, two children.

const STAMP = "946684800 +0000";

function commitBody(tree: string, parent?: string): string {
  return (
    `tree ${tree}\n${parent ? `parent ${parent}\n` : ""}author docket <docket@localhost> ${STAMP}\ncommitter ` +
    `docket <docket@localhost> ${STAMP}\n\ndocket merge probe\n`
  );
}

/** Batches fabricated commits and writes them with one `git hash-object --stdin-paths`. */
export class CommitBatch {
  private pending: { body: string; oid: string }[] = [];
  private known = new Map<string, string>();
  constructor(private s: Scratch) {}

  commit(tree: string, parent?: string): string {
    const body = commitBody(tree, parent);
    const hit = this.known.get(body);
    if (hit) return hit;
    const buf = Buffer.from(body);
    const oid = createHash(this.s.objectFormat).update(`commit ${buf.length}\0`).update(buf).digest("hex");
    this.known.set(body, oid);
    this.pending.push({ body, oid });
    return oid;
  }

  /** A pair of commits whose only merge base has `base` as its tree. */
  probe(base: string, ours: string, theirs: string): [string, string] {
    const root = this.commit(base);
    return [this.commit(ours, root), this.commit(theirs, root)];
  }

  async flush(): Promise<void> {
    if (!this.pending.length) return;
    const files = this.pending.map((p, i) => {
      const f = join(this.s.dir, `commit-${this.known.size}-${i}`);
      writeFileSync(f, p.body);
      return f;
    });
    const out = (
      await this.s.run(["hash-object", "-t", "commit", "-w", "--stdin-paths"], { input: files.join("\n") + "\n" })
    ).split("\n");
    this.pending.forEach((p, i) => {
      if (out[i]?.trim() !== p.oid) throw new Error(`fabricated commit id mismatch (${out[i]} vs ${p.oid})`);
    });
    this.pending = [];
  }
}

export interface MergeOutcome {
  clean: boolean;
  tree: string;
  /** Paths with a conflict (content, add/add, modify/delete, binary…), sorted. */
  conflicts: string[];
}

/** The oldest git whose merge-tree has --write-tree and --stdin (docket doctor says so too). */
export const MIN_MERGE_GIT = "2.39";

/** git is too old for `merge-tree --write-tree --stdin`: callers fall back (plain apply, path-only overlap). */
export class MergeTreeUnsupported extends Error {
  constructor(why: string) {
    super(`git merge-tree --write-tree --stdin needs git ${MIN_MERGE_GIT} or newer (${why})`);
    this.name = "MergeTreeUnsupported";
  }
}

/** Many merges in one `git merge-tree --write-tree --stdin` process (git 2.39+). */
export async function mergeMany(s: Scratch, pairs: [string, string][]): Promise<MergeOutcome[]> {
  if (!pairs.length) return [];
  let out: string;
  try {
    out = await s.run(["merge-tree", "--write-tree", "--stdin", "-z", "--name-only", "--no-messages"], {
      input: pairs.map(([a, b]) => `${a} ${b}`).join("\n") + "\n",
      raw: true,
    });
  } catch (err) {
    const why = (err as Error).message;
    if (/unknown option|usage: git merge-tree/i.test(why)) throw new MergeTreeUnsupported(why.replace(/^.*?: /, ""));
    throw err;
  }
  const parts = out.split("\0");
  const res: MergeOutcome[] = [];
  let i = 0;
  while (res.length < pairs.length && i < parts.length) {
    const status = parts[i++];
    const tree = parts[i++] ?? "";
    const conflicts = new Set<string>();
    while (i < parts.length && parts[i] !== "") conflicts.add(parts[i++]!);
    i++; // the empty field that ends this merge
    res.push({ clean: status === "1", tree, conflicts: [...conflicts].sort() });
  }
  if (res.length !== pairs.length)
    throw new Error(`git merge-tree --stdin: expected ${pairs.length} results, parsed ${res.length}`);
  return res;
}

// ---- hunks: which lines of the old side a diff changes, to tell adjacent edits from distant ones.

/** A change to the old side: old lines [start, end) (0-based) replaced; start == end is a pure insertion. */
export interface Change {
  start: number;
  end: number;
  /** The new lines, joined: two identical changes are one change made twice, not neighbours. */
  text: string;
}

function unquote(s: string): string {
  if (!s.startsWith('"')) return s;
  const bytes: number[] = [];
  const esc: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '"': 34, "\\": 92 };
  for (let i = 1; i < s.length - 1; i++) {
    const c = s[i]!;
    if (c !== "\\") {
      bytes.push(...Buffer.from(c));
      continue;
    }
    const d = s[++i]!;
    if (/[0-7]/.test(d)) {
      bytes.push(parseInt(s.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(esc[d] ?? d.charCodeAt(0));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** `diff --git a/P b/P` (no renames: both sides name the same path) → P. */
function headerPath(rest: string): string | undefined {
  if (rest.startsWith('"')) {
    const m = /^("(?:[^"\\]|\\.)*")/.exec(rest);
    return m ? unquote(m[1]!).replace(/^a\//, "") : undefined;
  }
  if ((rest.length - 5) % 2 !== 0) return undefined;
  const half = (rest.length - 5) / 2 + 2;
  return rest.startsWith("a/") ? rest.slice(2, half) : undefined;
}

/** Per path, the old-side changes of a unified diff (any context size). Binary files have none. */
export function parseChanges(patch: string): Map<string, Change[]> {
  const out = new Map<string, Change[]>();
  let cur: Change[] | undefined;
  let old = 0;
  let left = 0; // old+new lines still expected in the current hunk
  let oldLeft = 0;
  let newLeft = 0;
  let open: Change | undefined;
  const close = () => {
    if (open && cur) cur.push(open);
    open = undefined;
  };
  for (const line of patch.split("\n")) {
    if (left > 0) {
      const c = line[0];
      if (c === "\\") continue;
      if (c === "-" || c === "+") {
        if (!open) open = { start: old, end: old, text: "" };
        if (c === "-") {
          old++;
          open.end = old;
          oldLeft--;
        } else {
          open.text += line.slice(1) + "\n";
          newLeft--;
        }
      } else {
        close();
        old++;
        oldLeft--;
        newLeft--;
      }
      left = Math.max(oldLeft, 0) + Math.max(newLeft, 0);
      if (left === 0) close();
      continue;
    }
    if (line.startsWith("diff --git ")) {
      close();
      const p = headerPath(line.slice(11));
      cur = p === undefined ? undefined : (out.get(p) ?? []);
      if (p !== undefined && cur) out.set(p, cur);
      continue;
    }
    const h = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (h && cur) {
      const s = Number(h[1]);
      oldLeft = h[2] === undefined ? 1 : Number(h[2]);
      newLeft = h[4] === undefined ? 1 : Number(h[4]);
      old = oldLeft === 0 ? s : s - 1;
      left = oldLeft + newLeft;
    }
  }
  close();
  return out;
}

/** Unchanged old lines between two changes (negative when they overlap). */
export function gap(a: Change, b: Change): number {
  return a.start <= b.start ? b.start - a.end : a.start - b.end;
}

/** Two changes within `lines` unchanged lines of each other, unless they are the very same change. */
export function near(a: Change, b: Change, lines: number): boolean {
  if (a.start === b.start && a.end === b.end && a.text === b.text) return false;
  return gap(a, b) <= lines;
}
