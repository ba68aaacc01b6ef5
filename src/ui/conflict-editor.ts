// The conflict editor for `docket combine`: the marked-up files, under their repo paths in a 0700 temp
// dir, open in $VISUAL/$EDITOR (else vi). With a terminal attached the editor runs right here; without
// one but inside tmux, in a `display-popup -E`; otherwise there is nowhere to edit (the caller refuses).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DocketError } from "../core/errors.js";
import { shellQuote } from "../core/quote.js";
import type { ConflictEditor, ConflictFile } from "../workers/combine.js";
import { tmuxPopup } from "../tmux/popup-sync.js";

export interface EditorPlace {
  /** Client tty to show a popup on (inside tmux, no terminal). */
  client?: string;
}

function editorCommand(): string[] {
  return (process.env.VISUAL || process.env.EDITOR || "vi").trim().split(/\s+/);
}

/** Where the editor would open: "terminal", "popup", or undefined (nowhere: one line why in `why`). */
export function editorPlace(
  place: EditorPlace = {},
  env: NodeJS.ProcessEnv = process.env,
): { where: "terminal" | "popup" } | { where: undefined; why: string } {
  if (process.stdin.isTTY && process.stdout.isTTY) return { where: "terminal" };
  if (env.TMUX || place.client) return { where: "popup" };
  const what = process.stdout.isTTY ? "stdin is not a terminal" : "stdout is not a terminal";
  return {
    where: undefined,
    why: `resolving needs an editor in a terminal (${what}, not inside tmux): run docket combine in a terminal`,
  };
}

/** A ConflictEditor for here, or undefined with why when no editor can open. */
export function conflictEditor(place: EditorPlace = {}): { edit?: ConflictEditor; why?: string } {
  const p = editorPlace(place);
  if (!p.where) return { why: p.why };
  const where = p.where;
  return { edit: async (files) => openFiles(files, where, place) };
}

function openFiles(
  files: ConflictFile[],
  where: "terminal" | "popup",
  place: EditorPlace,
): Map<string, string> | undefined {
  const dir = mkdtempSync(join(tmpdir(), "docket-combine-"));
  try {
    const paths = files.map((f) => {
      const file = join(dir, f.path);
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(file, f.text, { mode: 0o600 });
      return file;
    });
    const cmd = editorCommand();
    let status: number | null;
    if (where === "terminal") {
      const stdin = process.stdin;
      const wasRaw = stdin.isTTY ? stdin.isRaw : false;
      if (stdin.isTTY && wasRaw) stdin.setRawMode(false);
      try {
        const r = spawnSync(cmd[0]!, [...cmd.slice(1), ...paths], { stdio: "inherit" });
        if (r.error)
          throw new DocketError(`cannot run editor ${cmd[0]}: ${r.error.message} (set $EDITOR); nothing was written`);
        status = r.status;
      } finally {
        if (stdin.isTTY && wasRaw) stdin.setRawMode(true);
      }
    } else {
      const statusFile = join(dir, ".docket-editor-status");
      const line =
        `cd ${shellQuote(dir)} && ${[...cmd, ...paths].map(shellQuote).join(" ")}; ` +
        `echo $? > ${shellQuote(statusFile)}`;
      const r = tmuxPopup([
        "display-popup",
        "-E",
        ...(place.client ? ["-c", place.client] : []),
        "-w",
        "90%",
        "-h",
        "90%",
        "-T",
        " docket combine · resolve, save, quit ",
        line,
      ]);
      if (r.code !== 0)
        throw new DocketError(
          `cannot open an editor popup: ${r.err.trim().split("\n")[0] || "tmux display-popup failed"}; nothing was ` +
            `written`,
        );
      status = existsSync(statusFile) ? Number(readFileSync(statusFile, "utf8").trim()) : null;
    }
    if (status !== 0) return undefined;
    // A file the editor removed stays out of the map: the caller refuses it as gone.
    return new Map(
      files.flatMap((f, i) => (existsSync(paths[i]!) ? [[f.path, readFileSync(paths[i]!, "utf8")] as const] : [])),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
