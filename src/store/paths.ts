// Where things are on disk that are not the store: the project a directory belongs to, and the docket
// package itself (dist/ and src/ sit at different depths below it, so it is found, not assumed).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function findRepoRoot(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, ".git"))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The project of a directory: its repo root, else the directory itself. */
export function projectOf(dir: string): string {
  return findRepoRoot(dir) ?? dir;
}

let root: string | undefined;

/** The docket package root: the nearest directory above this module with a package.json. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  root = dir;
  return root;
}

/** The version in docket's package.json; undefined when it cannot be read. */
export function packageVersion(): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * The built entry points, in dist/ (scripts/build.mjs writes them under these names): the CLI
 * (`bin/docket` runs it; so do hooks and view refreshers), the launch wrapper a worker window runs, the
 * tmux plugin, and the extension pi loads into each worker.
 */
export const ENTRIES = {
  cli: "docket.cjs",
  wrapper: "run.js",
  plugin: "plugin.js",
  extension: "extension.js",
} as const;

export function builtEntry(entry: keyof typeof ENTRIES): string {
  return join(packageRoot(), "dist", ENTRIES[entry]);
}

export function cliEntry(): string {
  return builtEntry("cli");
}
