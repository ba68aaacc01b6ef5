// Saved evidence bundles: bundles/b<N>.md (orientation, editable header) + bundles/b<N>.artifacts.json
// (the frozen items). Files 0600, dir 0700. Bundle ids from outside are validated strictly.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { arr, def, extend, literal, obj, opt, parse, req, str, text, type Infer } from "../core/check.js";
import { sanitizeText } from "../core/sanitize.js";
import { Artifact } from "../core/schema.js";
import { DocketError } from "../core/errors.js";
import { parseJson } from "../core/parse.js";
import { ensureDir, nowIso, writeFileAtomic, writeJsonAtomic } from "./fsutil.js";
import { bundlesDir } from "./layout.js";
import { withLock } from "./lock.js";
import { nextItemId } from "./artifacts.js";

export const BUNDLE_ID = /^b([1-9]\d{0,8})$/;

export const BundleItem = extend(Artifact, { origin: opt(str) });
export type BundleItem = Infer<typeof BundleItem>;

/** bundles/b<N>.artifacts.json. */
export const Bundle = obj({
  version: def(literal(1), () => 1 as const),
  id: req(text({ re: BUNDLE_ID, reason: "expected a bundle id b<N>" })),
  title: req(str),
  note: def(str, () => ""),
  createdAt: req(str),
  /** Worker labels the items came from. */
  sources: def(arr(str), () => []),
  /** Set when one of its items was pasted or copied out: the bundle has done its job. */
  consumedAt: opt(str),
  items: req(arr(BundleItem)),
});
export type Bundle = Infer<typeof Bundle>;

export function bundleFiles(home: string, id: string): { md: string; json: string } {
  if (!BUNDLE_ID.test(id)) throw new DocketError(`invalid bundle id: ${JSON.stringify(id)} (use b<N>)`);
  const dir = bundlesDir(home);
  return { md: join(dir, `${id}.md`), json: join(dir, `${id}.artifacts.json`) };
}

export function readBundle(home: string, id: string): Bundle {
  const { json } = bundleFiles(home, id);
  let raw: string;
  try {
    raw = readFileSync(json, "utf8");
  } catch {
    throw new DocketError(`unknown bundle: ${id}`);
  }
  const b = parseJson(Bundle, json, raw);
  if (b.id !== id) throw new DocketError(`${json}: id ${b.id} does not match its file name`);
  return b;
}

function bundleNumbers(home: string): number[] {
  const dir = bundlesDir(home);
  if (!existsSync(dir)) return [];
  const out: number[] = [];
  for (const f of readdirSync(dir)) {
    const m = /^b([1-9]\d{0,8})\.artifacts\.json$/.exec(f);
    if (m) out.push(Number(m[1]));
  }
  return out.sort((a, b) => a - b);
}

/** All bundles, oldest first; unreadable ones are reported, not fatal. */
export function listBundles(home: string): { bundles: Bundle[]; bad: Array<{ id: string; problem: string }> } {
  const bundles: Bundle[] = [];
  const bad: Array<{ id: string; problem: string }> = [];
  for (const n of bundleNumbers(home)) {
    try {
      bundles.push(readBundle(home, `b${n}`));
    } catch (err) {
      bad.push({ id: `b${n}`, problem: (err as Error).message });
    }
  }
  return { bundles, bad };
}

/** `last`, `b2` or `2` → a bundle id that exists. */
export function resolveBundleId(home: string, ref: string): string {
  const r = ref.trim();
  if (r === "last") {
    const nums = bundleNumbers(home);
    if (!nums.length) throw new DocketError("no saved bundles");
    return `b${nums[nums.length - 1]}`;
  }
  const id = /^[1-9]\d{0,8}$/.test(r) ? `b${r}` : r;
  if (!BUNDLE_ID.test(id)) throw new DocketError(`invalid bundle ref: ${JSON.stringify(ref)} (use b<N> or last)`);
  if (!existsSync(bundleFiles(home, id).json)) throw new DocketError(`unknown bundle: ${id}`);
  return id;
}

/** The bundle's .md (a file a person may `cat`): the workers' titles and the note, sanitised. */
export function renderBundleMarkdown(b: Bundle): string {
  return sanitizeText(bundleMarkdown(b));
}

function bundleMarkdown(b: Bundle): string {
  const lines = [`# ${b.id} · ${b.title}`, ""];
  if (b.note.trim()) lines.push(b.note.trim(), "");
  lines.push(
    `saved ${b.createdAt}${b.sources.length ? ` from ${b.sources.join(", ")}` : ""} · ` +
      `${b.items.length} item${b.items.length === 1 ? "" : "s"}`,
    "",
  );
  lines.push(`Items (full text in ${b.id}.artifacts.json; paste one with \`docket ref ${b.id}.<item>\`):`);
  for (const it of b.items)
    lines.push(`- ${b.id}.${it.id} · ${it.type} · ${it.title}${it.origin ? ` (from ${it.origin})` : ""}`);
  return lines.join("\n") + "\n";
}

export interface NewBundle {
  title: string;
  note?: string;
  sources: string[];
  /** Items keep their origin ref (`w1.c1`); ids are renumbered inside the bundle. */
  items: Array<Artifact & { origin?: string }>;
}

export function createBundle(home: string, input: NewBundle): Bundle {
  if (!input.items.length) throw new DocketError("nothing to save: no evidence selected");
  const dir = bundlesDir(home);
  ensureDir(dir);
  return withLock(join(dir, "bundles.lock"), () => {
    const n = (bundleNumbers(home).at(-1) ?? 0) + 1;
    const items: BundleItem[] = [];
    for (const it of input.items) items.push({ ...it, id: nextItemId(items, it.type) });
    const b: Bundle = parse(Bundle, {
      version: 1,
      id: `b${n}`,
      title: input.title.trim() || "untitled bundle",
      note: input.note ?? "",
      createdAt: nowIso(),
      sources: [...new Set(input.sources)],
      items,
    });
    const f = bundleFiles(home, b.id);
    writeJsonAtomic(f.json, b);
    writeFileAtomic(f.md, renderBundleMarkdown(b));
    return b;
  });
}

export function markBundleConsumed(home: string, id: string): void {
  const dir = bundlesDir(home);
  withLock(join(dir, "bundles.lock"), () => {
    const b = readBundle(home, id);
    if (b.consumedAt) return;
    writeJsonAtomic(bundleFiles(home, id).json, { ...b, consumedAt: nowIso() });
  });
}

/** Remove a bundle's two files. Returns the paths removed. */
export function deleteBundle(home: string, ref: string): { id: string; removed: string[] } {
  const id = resolveBundleId(home, ref);
  const f = bundleFiles(home, id);
  const removed: string[] = [];
  for (const file of [f.md, f.json]) {
    if (existsSync(file)) {
      rmSync(file, { force: true });
      removed.push(file);
    }
  }
  return { id, removed };
}
