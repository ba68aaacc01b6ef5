// Build dist/ from src/ with esbuild: a few self-contained ES module bundles, no type check (`npm run
// typecheck` does that). Needs only esbuild, a runtime dependency, so a TPM install builds without
// devDependencies. ADR 0005 (the build), docs/architecture.md (the entry points).
//
//   dist/docket.cjs    the CLI's entry (bin/docket): the popups' first paint, one CommonJS file, so
//                      a command never starts node's ES module loader (ADR 0008)
//   dist/docket.js     the same entry for command lines an earlier build wrote (a worker window's
//                      pane-died hook): one line that runs docket.cjs
//   dist/cli.cjs       what docket.cjs hands over to: every verb and popup, one CommonJS file that
//                      src/handover.ts runs with a V8 code cache (ADR 0008)
//   dist/yargs.cjs     yargs, which cli.cjs requires only for help, completion and unusual command lines
//   dist/run.js        the launch wrapper a worker window runs
//   dist/plugin.js     the tmux plugin (docket.tmux runs it)
//   dist/chunk-*.js    code those two share
//   dist/extension.js  the worker extension pi loads: one file with no imports of its own but node's
//   dist/dev/          `npm run demo` and `npm run bench` (not shipped in the npm package)
//
// The names of the first four are a contract with src/store/paths.ts (ENTRIES).
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const src = join(root, "src");
const out = join(root, "dist");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

const common = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  logLevel: "warning",
  legalComments: "none",
  // Bundled CommonJS packages (yargs' helpers) call require(): give ES modules one.
  banner: {
    js: 'import { createRequire as __docketRequire } from "node:module"; const require = __docketRequire(import.meta.url);',
  },
};

// src/main.ts is built on its own, light: the first paint. What it hands over to (src/handover.ts) is
// dist/cli.cjs, built below; handover.ts's import of the source modules is only for running from src/.
const handover = {
  name: "handover",
  setup(b) {
    b.onResolve({ filter: /^\.\/cli\/bundle\.js$/ }, (a) =>
      a.importer === join(src, "handover.ts") ? { path: "./cli/bundle.js", external: true } : undefined,
    );
  },
};

// A lazy `import("node:fs")` stays an import() in CommonJS output, which a vm.Script cannot run without
// an experimental loader hook: in the bundle it becomes a lazy require of the same module instead.
const builtinsByRequire = {
  name: "builtins-by-require",
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (a) =>
      a.kind === "dynamic-import" ? { path: a.path, namespace: "builtin" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "builtin" }, (a) => ({
      contents: `module.exports = require(${JSON.stringify(a.path)});`,
      loader: "js",
    }));
  },
};

// yargs is its own bundle (dist/yargs.cjs): the CLI bundle requires it only on yargs' path (ADR 0008). As
// with node's modules above, its lazy import() becomes a lazy require (src/handover.ts answers it).
const yargsApart = {
  name: "yargs-apart",
  setup(b) {
    b.onResolve({ filter: /^\.\/yargs\.js$/ }, (a) =>
      a.importer === join(src, "cli", "main.ts") ? { path: "yargs", namespace: "yargs-apart" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "yargs-apart" }, () => ({
      // dist/yargs.cjs exports { default: yargs }; as a CommonJS module here it is yargs itself.
      contents: 'module.exports = require("./yargs.cjs").default;',
      loader: "js",
    }));
    b.onResolve({ filter: /^\.\/yargs\.cjs$/ }, () => ({ path: "./yargs.cjs", external: true }));
  },
};

// CommonJS output: `import.meta.url` (the package root lookup) is the file's own URL.
const commonJs = {
  format: "cjs",
  banner: { js: 'const __docketMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { "import.meta.url": "__docketMetaUrl" },
};

// One CommonJS file in dist/ (`<name>.cjs`); the bundles src/handover.ts runs are minified too: less to
// read before the cached code runs; names are kept (stack traces stay readable).
const cjsFile = { ...common, ...commonJs, outdir: out, outExtension: { ".js": ".cjs" }, metafile: true };
const cjsBundle = { ...cjsFile, minifyWhitespace: true, minifySyntax: true };

rmSync(out, { recursive: true, force: true });
const builds = [
  build({
    ...common,
    entryPoints: { run: join(src, "workers", "run.ts"), plugin: join(src, "tmux", "plugin.ts") },
    outdir: out,
    splitting: true,
    chunkNames: "chunk-[hash]",
    metafile: true,
  }),
  build({ ...cjsFile, entryPoints: { docket: join(src, "main.ts") }, plugins: [handover, builtinsByRequire] }),
  // One CommonJS file: no ES module loader per file, and V8 can cache its compiled code (ADR 0008).
  build({
    ...cjsBundle,
    entryPoints: { cli: join(src, "cli", "bundle.ts") },
    plugins: [builtinsByRequire, yargsApart],
  }),
  build({ ...cjsBundle, entryPoints: { yargs: join(src, "cli", "yargs.ts") } }),
  build({ ...common, entryPoints: { extension: join(src, "pi", "extension.ts") }, outdir: out, metafile: true }),
  // Dev scripts keep their devDependencies (execa, pi…) as imports: a TPM install builds without them.
  build({
    ...common,
    entryPoints: {
      demo: join(src, "demo", "main.ts"),
      hint: join(src, "demo", "hint.ts"),
      bench: join(src, "bench", "main.ts"),
    },
    external: Object.keys(pkg.devDependencies ?? {}),
    outdir: join(out, "dev"),
    splitting: true,
    chunkNames: "chunk-[hash]",
  }),
];
const [split, entry, cli, yargs, extension] = await Promise.all(builds);
writeFileSync(
  join(out, "docket.js"),
  '// Written by scripts/build.mjs: hooks and wrappers of earlier builds run dist/docket.js.\nimport "./docket.cjs";\n',
);
// Bundles handover.ts runs are ASCII, so V8 holds their source as a one-byte string (half the memory of two).
// esbuild escapes non-ASCII in strings; a String.raw template or a regex literal it cannot, so say where.
for (const name of ["cli.cjs", "yargs.cjs"]) {
  const text = readFileSync(join(out, name), "latin1");
  const wide = /[^\x00-\x7f]/.exec(text);
  if (!wide) continue;
  const line = text.slice(0, wide.index).split("\n").length;
  console.error(`build: dist/${name} line ${line} has a non-ASCII character; write it as a \\u escape in src/`);
  process.exit(1);
}
const runtime = {
  metafile: {
    outputs: {
      ...split.metafile.outputs,
      ...entry.metafile.outputs,
      ...cli.metafile.outputs,
      ...yargs.metafile.outputs,
    },
  },
};
const bytes = (m) => Object.values(m.outputs).reduce((n, o) => n + o.bytes, 0);
const kb = (n) => `${Math.round(n / 1024)} kB`;
process.stdout.write(
  `build: ${relative(root, out)}/ from ${relative(root, src)}/ (esbuild): runtime ${kb(bytes(runtime.metafile))} in ${Object.keys(runtime.metafile.outputs).length} files, extension ${kb(bytes(extension.metafile))}\n`,
);
