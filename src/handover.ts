// How the entry (dist/docket.cjs) hands over to the rest of docket (ADR 0008): dist/cli.cjs, one CommonJS bundle,
// compiled with a V8 code cache kept in the store (`$DOCKET_HOME/cache/`, 0700 like the rest of it),
// so a command pays neither the ES module loader per file nor compiling what it runs. The cache is
// written once per build and node version (at exit, so it holds what that run compiled); a cache V8
// rejects is written again. dist/yargs.cjs, which cli.cjs requires only on yargs' path, is run the same
// way. Run from source (no dist/cli.cjs next to this file), it imports the modules.
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";
import type * as Bundle from "./cli/bundle.js";
import { docketHome } from "./core/env.js";

export type Handover = typeof Bundle;

/** The bundles run this way, dist/<name>.cjs (their code caches are named after them). */
type BundleName = "cli" | "yargs";

let loaded: Promise<Handover> | undefined;

export function handover(): Promise<Handover> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<Handover> {
  // Static imports of node's own modules above: no ES module round trip before the bundle runs.
  const here = dirname(fileURLToPath(import.meta.url));
  return (runBundle(here, "cli") as Handover | undefined) ?? import("./cli/bundle.js"); // from source: no bundle
}

/**
 * dist/<name>.cjs's exports, run with its code cache; undefined when there is no such file. Each runs once:
 * handover() keeps the CLI's exports, and the CLI bundle's require of yargs.cjs keeps what it got.
 */
function runBundle(here: string, name: BundleName): unknown {
  const file = join(here, `${name}.cjs`);
  let source: string;
  try {
    source = readFileSync(file, "utf8"); // ASCII (scripts/build.mjs checks): a one-byte string
  } catch {
    return undefined;
  }
  const st = statSync(file);
  const dir = join(docketHome(), "cache");
  const cacheName = `${name}-${st.size}-${Math.trunc(st.mtimeMs)}-${process.version}-${process.arch}.v8`;
  let cached: Buffer | undefined;
  try {
    // Bytecode is code: only a cache in a private dir of ours is used.
    const d = statSync(dir);
    if (d.uid === process.getuid?.() && (d.mode & 0o077) === 0) cached = readFileSync(join(dir, cacheName));
  } catch {
    /* no cache yet */
  }
  const script = new Script(Module.wrap(source), { filename: file, ...(cached ? { cachedData: cached } : {}) });
  if (!cached || script.cachedDataRejected) process.once("exit", () => writeCache(dir, name, cacheName, script));
  const m = { exports: {} };
  const fn = script.runInThisContext() as (...a: unknown[]) => void;
  // The bundle's own require: another of these bundles comes through here (with its cache), the rest from node
  // (which also names a missing yargs.cjs).
  const req = createRequire(file);
  const bundleRequire = Object.assign(
    (id: string) => (id === "./yargs.cjs" ? (runBundle(here, "yargs") ?? req(id)) : req(id)),
    req,
  );
  fn.call(m.exports, m.exports, bundleRequire, m, file, here);
  return m.exports;
}

/** Write the cache atomically; stale ones of older builds go. Never throws: the cache is a speed-up. */
function writeCache(dir: string, name: BundleName, cacheName: string, script: Script): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    const tmp = join(dir, `.${cacheName}.${process.pid}`);
    writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    renameSync(tmp, join(dir, cacheName));
    for (const f of readdirSync(dir))
      if (f.startsWith(`${name}-`) && f !== cacheName) rmSync(join(dir, f), { force: true });
  } catch {
    /* read-only store, full disk: run without a cache */
  }
}
