// docket's own modules in another node process (locks and races need real processes): esbuild bundles a
// snippet that imports from src/, and node runs the result. Imports in the snippet are relative to
// this directory (test/helpers).
import { buildSync } from "esbuild";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));

/** A runnable .mjs file (`node <file> args…`): the snippet with everything it imports. */
export function bundleSnippet(code: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "docket-snippet-")), "snippet.mjs");
  buildSync({
    stdin: { contents: code, resolveDir: HERE, loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile: file,
    logLevel: "error",
  });
  return file;
}
