import { build } from "esbuild";
const common = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  logLevel: "warning",
  legalComments: "none",
  banner: {
    js: 'import { createRequire as __docketRequire } from "node:module"; const require = __docketRequire(import.meta.url);',
  },
};
await build({
  ...common,
  entryPoints: { docket: "/work/main/src/main.ts" },
  outdir: "/work/main/.cache/distx",
  splitting: false,
  minify: process.env.MIN === "1",
});
