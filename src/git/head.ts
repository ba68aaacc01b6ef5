// The commit a repo's HEAD points at, read from .git's files without starting git: ordinary commands
// check it to notice that the parent moved (a commit, a checkout) at the cost of a few small reads.
import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";

function gitDir(repoRoot: string): string | undefined {
  const dot = join(repoRoot, ".git");
  try {
    const text = readFileSync(dot, "utf8"); // a worktree or submodule: "gitdir: <path>"
    const m = /^gitdir: (.+)$/m.exec(text);
    return m ? (isAbsolute(m[1]!) ? m[1]! : join(repoRoot, m[1]!)) : undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EISDIR" ? dot : undefined;
  }
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** HEAD's commit id, or undefined (no repo, an unborn branch, or a layout this does not know). */
export function readHead(repoRoot: string): string | undefined {
  const dir = gitDir(repoRoot);
  if (!dir) return undefined;
  const head = read(join(dir, "HEAD"))?.trim();
  if (!head) return undefined;
  if (/^[0-9a-f]{40,64}$/.test(head)) return head; // detached
  const ref = /^ref: (refs\/\S+)$/.exec(head)?.[1];
  if (!ref) return undefined;
  // A linked worktree keeps its refs in the common dir.
  const common = read(join(dir, "commondir"))?.trim();
  const base = common ? (isAbsolute(common) ? common : join(dir, common)) : dir;
  for (const d of [dir, base]) {
    const loose = read(join(d, ref))?.trim();
    if (loose && /^[0-9a-f]{40,64}$/.test(loose)) return loose;
  }
  const packed = read(join(base, "packed-refs")) ?? "";
  for (const line of packed.split("\n")) {
    const [sha, name] = line.split(" ");
    if (name === ref && sha && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
  }
  return undefined;
}
