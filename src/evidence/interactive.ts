// Interactive glue for evidence verbs: fzf pickers with a preview, and header editing in $EDITOR.
// Everything travels as argv arrays or stdin; the only shell string is fzf's preview, built from
// our own quoted paths and fzf's own quoted field ({1}).
import { execa } from "execa";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DocketError } from "../core/errors.js";
import { shellQuote } from "../tmux/client.js";

const CLI_MAIN = resolve(fileURLToPath(new URL(".", import.meta.url)), "..", "cli", "main.js");

export async function hasFzf(): Promise<boolean> {
  const r = await execa("fzf", ["--version"], { reject: false, stdin: "ignore" });
  return !r.failed && r.exitCode === 0;
}

/** A person is at a terminal (and did not ask for machine output). */
export function isInteractive(json?: boolean): boolean {
  return !json && !!process.stdout.isTTY && !!process.stdin.isTTY;
}

export interface PickOptions {
  multi?: boolean;
  prompt?: string;
  header?: string;
  /** Preview shows the full text of the ref in field 1. */
  preview?: boolean;
}

/** fzf over tab-separated lines whose first field is a ref; returns the chosen refs ([] on Esc). */
export async function pickRefs(lines: string[], opts: PickOptions = {}): Promise<string[]> {
  if (!lines.length) return [];
  const args = ["--delimiter", "\t", "--with-nth", "1..", "--no-sort", "--layout", "reverse", "--ansi"];
  if (opts.multi) args.push("--multi", "--bind", "ctrl-a:select-all");
  if (opts.prompt) args.push("--prompt", opts.prompt);
  if (opts.header) args.push("--header", opts.header);
  if (opts.preview) {
    args.push("--preview", `${shellQuote(process.execPath)} ${shellQuote(CLI_MAIN)} inject-full --print {1}`, "--preview-window", "right,55%,wrap");
  }
  const r = await execa("fzf", args, { input: lines.join("\n"), stderr: "inherit", reject: false });
  if (r.exitCode === 130 || r.exitCode === 1) return [];
  if (r.exitCode !== 0) throw new DocketError(`fzf failed (exit ${r.exitCode})`);
  return String(r.stdout)
    .split("\n")
    .map((l) => l.split("\t")[0]!.trim())
    .filter(Boolean);
}

/** Let the person edit a bundle header in $VISUAL/$EDITOR. First line = title, the rest = note; `#` lines dropped. */
export async function editHeader(title: string, note: string, itemsSummary: string[]): Promise<{ title: string; note: string }> {
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
    const r = await execa(editor[0]!, [...editor.slice(1), file], { stdio: "inherit", reject: false });
    if (r.exitCode !== 0) throw new DocketError(`editor ${editor[0]} exited ${r.exitCode}; nothing saved`);
    const lines = readFileSync(file, "utf8").split("\n").filter((l) => !l.startsWith("#"));
    const text = lines.join("\n").trim();
    if (!text) throw new DocketError("empty header: nothing saved");
    const [first, ...rest] = text.split("\n");
    return { title: first!.trim(), note: rest.join("\n").trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
