// The build and the install as rows: what the bundles weigh, what `npm pack` ships, and what a runtime
// install puts in node_modules (the packages `npm install --omit=dev` keeps).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { BenchContext, BenchRow } from "./table.js";

function size(path: string): number {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((n, e) => n + size(join(path, e)), 0);
}

const kb = (bytes: number) => Math.round(bytes / 1024);

export default async function build(ctx: BenchContext): Promise<BenchRow[]> {
  const dist = join(ctx.root, "dist");
  const files = readdirSync(dist).filter((f) => f.endsWith(".js") || f.endsWith(".cjs"));
  const runtime = files.filter((f) => f !== "extension.js").reduce((n, f) => n + size(join(dist, f)), 0);
  const rows: BenchRow[] = [
    {
      name: "bundle: CLI, wrapper, plugin",
      value: kb(runtime),
      unit: "kB",
      note: `dist/*.js and *.cjs but the extension: ${files.length - 1} files (entries, bundles, chunks)`,
    },
    {
      name: "bundle: the worker extension",
      value: kb(size(join(dist, "extension.js"))),
      unit: "kB",
      note: "dist/extension.js, one file pi loads into each worker",
    },
    {
      name: "bundle: entry alone",
      value: kb(size(join(dist, "docket.cjs"))),
      unit: "kB",
      note: "dist/docket.cjs: what every command parses before it hands over",
    },
    {
      name: "bundle: CLI, handed over to",
      value: kb(size(join(dist, "cli.cjs"))),
      unit: "kB",
      note: "dist/cli.cjs: what a command reads and deserializes with its code cache (yargs.cjs only on yargs' path)",
    },
  ];
  const pack = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: ctx.root,
    encoding: "utf8",
  });
  try {
    const info = (JSON.parse(pack.stdout) as { size: number; unpackedSize: number; entryCount: number }[])[0]!;
    rows.push({
      name: "npm package (packed)",
      value: kb(info.size),
      unit: "kB",
      note: `${info.entryCount} files, ${kb(info.unpackedSize)} kB unpacked`,
    });
  } catch {
    rows.push({
      name: "npm package (packed)",
      value: NaN,
      unit: "",
      note: `npm pack --dry-run failed: ${(pack.stderr || "").trim().split("\n")[0]}`,
    });
  }
  const ls = spawnSync("npm", ["ls", "--omit=dev", "--all", "--parseable"], { cwd: ctx.root, encoding: "utf8" });
  const dirs = [...new Set(ls.stdout.split("\n").filter((d) => d.includes("node_modules")))];
  const deps = dirs.reduce((n, d) => n + size(join(d, "package.json")) + ownSize(d), 0);
  rows.push({
    name: "runtime node_modules",
    value: kb(deps),
    unit: "kB",
    note: `${dirs.length} packages npm install --omit=dev keeps (esbuild, for a TPM build, is most of it)`,
  });
  return rows;
}

/** A package's files without its nested node_modules (those are counted as packages of their own). */
function ownSize(dir: string): number {
  const st = statSync(dir, { throwIfNoEntry: false });
  if (!st?.isDirectory()) return 0;
  return readdirSync(dir).reduce(
    (n, e) => (e === "node_modules" || e === "package.json" ? n : n + size(join(dir, e))),
    0,
  );
}
