// `docket spawn --prompt`: a popup that asks for the task and the kind, then starts the worker in
// the origin pane's directory.
import { DocketError } from "../core/errors.js";
import { loadConfig } from "../core/config.js";
import { loadKinds } from "../core/kinds.js";
import { tmuxPopup } from "../tmux/popup-sync.js";
import { c } from "./ansi.js";
import { findRepoRoot } from "../store/paths.js";
import { editText } from "./editor.js";
import { runFzf, rowKey } from "./fzf.js";
import { out } from "../core/stdout.js";
import { CLEAR, promptLine } from "./term.js";

export interface SpawnPromptOptions {
  home: string;
  pane?: string;
  /** Preselected kind (--as). */
  kind?: string;
}

export function originDir(pane: string | undefined): string {
  if (pane) {
    const r = tmuxPopup(["display-message", "-p", "-t", pane, "#{pane_current_path}"]);
    if (r.code === 0 && r.out.trim()) return r.out.trim();
  }
  return process.cwd();
}

/** Kind rows for fzf: the configured default first, each with its description. */
export function kindRows(home: string, project: string | undefined, defaultKind: string): string[] {
  const { kinds } = loadKinds(home, project);
  const list = [...kinds.values()].sort((a, b) =>
    a.name === defaultKind ? -1 : b.name === defaultKind ? 1 : a.name.localeCompare(b.name),
  );
  return list.map(
    (k) =>
      `${k.name}\t${c.bold(k.name.padEnd(10))} ` +
      `${k.description}${k.writable ? c.gray("  · edits in its own workspace") : c.gray("  · read-only")}`,
  );
}

export async function runSpawnPrompt(opts: SpawnPromptOptions): Promise<void> {
  const cwd = originDir(opts.pane);
  const project = findRepoRoot(cwd);
  out(CLEAR + `${c.bold("docket · new worker")}  ${c.gray(cwd)}\n\n`);
  out(
    c.gray("Type the task and press Enter. Enter on an empty line opens $EDITOR for a longer task. Esc cancels.\n\n"),
  );
  let task = promptLine(c.accent("task>"));
  if (task === undefined) return;
  if (!task.trim()) task = editText(`Task for a new docket worker (in ${cwd})`);
  if (!task.trim()) return;
  let kind = opts.kind;
  if (!kind) {
    let defaultKind = "default";
    try {
      defaultKind = loadConfig(project).worker.defaultKind;
    } catch {
      /* config errors surface on spawn itself */
    }
    const r = runFzf({
      rows: kindRows(opts.home, project, defaultKind),
      args: [
        "--ansi",
        "--layout=reverse",
        "--delimiter=\t",
        "--with-nth=2..",
        "--header=kind for this worker (Enter picks, Esc cancels)",
        "--info=hidden",
      ],
    });
    if (r.key === "abort") return;
    kind = rowKey(r.selected[0]);
  }
  out(`\nstarting a ${kind} worker…\n`);
  const { spawnWorker } = await import("../workers/spawn.js");
  try {
    const s = await spawnWorker({ task, kind, cwd, warn: (l) => out(c.yellow(`warning: ${l}\n`)) });
    out(c.green(`started ${s.label}`) + ` · ${s.id}\n`);
    await new Promise((r) => setTimeout(r, 700)); // long enough to read before the popup closes
  } catch (err) {
    if (!(err instanceof DocketError)) throw err;
    out(c.red(`docket: ${err.message}\n`));
    const { pressAnyKey } = await import("./term.js");
    pressAnyKey("press any key to close");
  }
}
