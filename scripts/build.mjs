// Build dist/ from src/ with esbuild: each file transpiled on its own (same layout as src, .cts → .cjs),
// no type check (`npm run typecheck` does that). Needs only esbuild, a runtime dependency, so a TPM
// install builds without devDependencies.
import { readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const src = join(root, "src");
const out = join(root, "dist");

function files(dir, ext) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p, ext) : e.name.endsWith(ext) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

rmSync(out, { recursive: true, force: true });
const common = { outdir: out, outbase: src, platform: "node", target: "node20", logLevel: "warning", bundle: false };
await build({ ...common, entryPoints: files(src, ".ts"), format: "esm" });
await build({ ...common, entryPoints: files(src, ".cts"), format: "cjs", outExtension: { ".js": ".cjs" } });
process.stdout.write(`build: ${relative(root, out)}/ from ${relative(root, src)}/ (esbuild)\n`);
