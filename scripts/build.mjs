// Build dist/ from src/ with esbuild: a few self-contained ES module bundles, no type check (`npm run
// typecheck` does that). Needs only esbuild, a runtime dependency, so a TPM install builds without
// devDependencies. ADR 0005 (the build), docs/architecture.md (the entry points).
//
//   dist/docket.js     the CLI's entry (bin/docket): the popups' first paint, in one file
//   dist/cli.js, inbox.js, verdict.js, fail.js   what docket.js hands over to (each verb a lazy chunk)
//   dist/run.js        the launch wrapper a worker window runs
//   dist/plugin.js     the tmux plugin (docket.tmux runs it)
//   dist/chunk-*.js    code those share, loaded on first import()
//   dist/extension.js  the worker extension pi loads: one file with no imports of its own but node's
//   dist/dev/          `npm run demo` and `npm run bench` (not shipped in the npm package)
//
// The names of the first four are a contract with src/store/paths.ts (ENTRIES).
import { readFileSync, rmSync } from "node:fs";
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

// The modules src/main.ts hands over to, built as entries of the split build under fixed names; main.ts
// itself is built on its own with those imports left as they are, so a key press loads one small file
// before it paints (every ES module file costs a resolve, read and link), not a dozen chunks. The light
// modules it paints with (ages, paths, views, the fzf line) are then in docket.js and in the chunks:
// stateless code, or state the first paint never touches (the view refresher's timers).
const HANDOVER = {
  "./cli/main.js": { entry: "cli", src: join(src, "cli", "main.ts") },
  "./cli/fail.js": { entry: "fail", src: join(src, "cli", "fail.ts") },
  "./ui/inbox.js": { entry: "inbox", src: join(src, "ui", "inbox.ts") },
  "./ui/verdict.js": { entry: "verdict", src: join(src, "ui", "verdict.ts") },
};
const handover = {
  name: "handover",
  setup(b) {
    b.onResolve({ filter: /^\.\/(cli|ui)\/[a-z]+\.js$/ }, (a) => {
      const h = a.importer === join(src, "main.ts") ? HANDOVER[a.path] : undefined;
      return h ? { path: `./${h.entry}.js`, external: true } : undefined;
    });
  },
};

rmSync(out, { recursive: true, force: true });
const builds = [
  build({
    ...common,
    entryPoints: {
      run: join(src, "workers", "run.ts"),
      plugin: join(src, "tmux", "plugin.ts"),
      ...Object.fromEntries(Object.values(HANDOVER).map((h) => [h.entry, h.src])),
    },
    outdir: out,
    splitting: true,
    chunkNames: "chunk-[hash]",
    metafile: true,
  }),
  build({ ...common, entryPoints: { docket: join(src, "main.ts") }, outdir: out, plugins: [handover], metafile: true }),
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
const [split, entry, extension] = await Promise.all(builds);
const runtime = { metafile: { outputs: { ...split.metafile.outputs, ...entry.metafile.outputs } } };
const bytes = (m) => Object.values(m.outputs).reduce((n, o) => n + o.bytes, 0);
const kb = (n) => `${Math.round(n / 1024)} kB`;
process.stdout.write(
  `build: ${relative(root, out)}/ from ${relative(root, src)}/ (esbuild): runtime ${kb(bytes(runtime.metafile))} in ${Object.keys(runtime.metafile.outputs).length} files, extension ${kb(bytes(extension.metafile))}\n`,
);
