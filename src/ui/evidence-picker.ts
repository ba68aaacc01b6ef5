// Interactive glue for evidence verbs: fzf pickers with a preview, and header editing in $EDITOR.
// Everything travels as argv arrays or stdin; the only shell string is fzf's preview, `cat` of our own
// quoted temp dir and fzf's own quoted field ({1}, a row index we chose).
import { spawn, type StdioOptions } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DocketError } from "../core/errors.js";
import { sanitizeLine, sanitizeText } from "../core/sanitize.js";
import { runFzfWhile } from "./fzf.js";
import { shellQuote } from "../core/quote.js";
import { fullText, type Renderable } from "../evidence/render.js";

/** Run a program and wait; its exit code, or undefined when it could not start or died of a signal. */
function exitOf(cmd: string, args: string[], stdio: StdioOptions): Promise<number | undefined> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio });
    child.once("error", () => resolve(undefined));
    child.once("close", (code) => resolve(code ?? undefined));
  });
}

export async function hasFzf(): Promise<boolean> {
  return (await exitOf("fzf", ["--version"], ["ignore", "ignore", "ignore"])) === 0;
}

/** A person is at a terminal (and did not ask for machine output). */
export function isInteractive(json?: boolean): boolean {
  return !json && !!process.stdout.isTTY && !!process.stdin.isTTY;
}

export interface PickOptions {
  multi?: boolean;
  prompt?: string;
  header?: string;
  /**
   * Preview text of lines[i] (an item's full text). Written to a file before fzf needs it: a cursor move runs `cat`,
   * never node.
   */
  preview?: (i: number) => string;
}

/** A preview's text as `docket inject-full --print` shows it (the location line is not part of the full text). */
export function previewText(ref: string, artifact: Renderable["artifact"]): string {
  return fullText({ ref, location: "", artifact }) + "\n";
}

/** Previews for picker rows showing `refs` (in row order), from evidence already read (no store read per item). */
export function previewsFor(
  items: Array<{ ref: string; artifact: Renderable["artifact"] }>,
  refs: string[],
): (i: number) => string {
  const byRef = new Map(items.map((e) => [e.ref, e]));
  return (i) => {
    const e = byRef.get(refs[i] ?? "");
    return e ? previewText(e.ref, e.artifact) : "";
  };
}

/** fzf over tab-separated lines whose first field is a ref; returns the chosen refs ([] on Esc). */
export async function pickRefs(lines: string[], opts: PickOptions = {}): Promise<string[]> {
  if (!lines.length) return [];
  // Field 1 is the row's index (hidden; names its preview file), field 2 the ref.
  const args = ["--delimiter", "\t", "--with-nth", "2..", "--no-sort", "--layout", "reverse", "--ansi"];
  if (opts.multi) args.push("--multi", "--bind", "ctrl-a:select-all");
  if (opts.prompt) args.push("--prompt", opts.prompt);
  if (opts.header) args.push("--header", opts.header);
  // Titles and snippets are the workers' texts: each tab-separated field one safe line; previews sanitised.
  const rows = lines.map((l, i) => `${i}\t${l.split("\t").map(sanitizeLine).join("\t")}`);
  const preview = opts.preview;
  const dir = preview ? mkdtempSync(join(tmpdir(), "docket-pick-")) : undefined;
  try {
    const write = (i: number) => writeFileSync(join(dir!, String(i)), sanitizeText(preview!(i)), { mode: 0o600 });
    if (dir) {
      args.push("--preview", `cat ${shellQuote(dir)}/{1}`, "--preview-window", "right,55%,wrap");
      write(0); // the row under the cursor at first paint; the rest while fzf starts
    }
    const res = await runFzfWhile({ rows, args }, () => {
      if (dir) for (let i = 1; i < lines.length; i++) write(i);
    });
    return res.selected.map((l) => (l.split("\t")[1] ?? "").trim()).filter(Boolean);
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** Let the person edit a bundle header in $VISUAL/$EDITOR. First line = title, the rest = note; `#` lines dropped. */
export async function editHeader(
  title: string,
  note: string,
  itemsSummary: string[],
): Promise<{ title: string; note: string }> {
  const editor = (process.env.VISUAL || process.env.EDITOR || "vi").trim().split(/\s+/);
  const dir = mkdtempSync(join(tmpdir(), "docket-save-"));
  const file = join(dir, "bundle-header.md");
  const body = [
    title,
    "",
    note,
    "",
    "# First line: the bundle title. Lines after it: a note for whoever loads the bundle.",
    "# Lines starting with # are dropped. Empty the file to cancel.",
    ...itemsSummary.map((s) => `#   ${s}`),
    "",
  ].join("\n");
  writeFileSync(file, body, { mode: 0o600 });
  try {
    const code = await exitOf(editor[0]!, [...editor.slice(1), file], "inherit");
    if (code !== 0) throw new DocketError(`editor ${editor[0]} exited ${code}; nothing saved`);
    const lines = readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => !l.startsWith("#"));
    const text = lines.join("\n").trim();
    if (!text) throw new DocketError("empty header: nothing saved");
    const [first, ...rest] = text.split("\n");
    return { title: first!.trim(), note: rest.join("\n").trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
