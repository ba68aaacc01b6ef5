// Peek: a live, read-only view of a worker's pane (capture-pane -e, refreshed twice a second).
// capture-pane never resizes or focuses the worker's window; we only read.
import { DocketError } from "../core/errors.js";
import { resolveRef } from "../core/refs.js";
import { sanitizeLine, sanitizeText } from "../core/sanitize.js";
import type { WorkerStatus } from "../core/schema.js";
import { listWorkers } from "../store/status-files.js";
import { tmuxPopup } from "../tmux/popup-sync.js";
import { age, c } from "./ansi.js";
import { stateWord } from "./card.js";
import { readPaneTail } from "./data.js";
import { attach, windowTarget, type Origin } from "./actions.js";
import { out } from "../core/stdout.js";
import { CLEAR, HIDE_CURSOR, SHOW_CURSOR, onKeys } from "./term.js";

export interface PeekOptions extends Origin {
  home: string;
  ref?: string;
}

export const REFRESH_MS = 500;

/** The pane's visible content with colours; undefined when the pane is gone. */
export function capture(w: WorkerStatus): string | undefined {
  const r = tmuxPopup(["capture-pane", "-p", "-e", "-t", w.tmux.paneId ?? windowTarget(w)]);
  return r.code === 0 ? r.out : undefined;
}

type Remote = typeof import("../workers/remote.js");

function frame(home: string, w: WorkerStatus, pos: number, total: number, remote?: Remote): string {
  const rows = (process.stdout.rows || 30) - 3;
  // A remote worker's pane is captured on its host, through the host's shared ssh connection.
  const live = w.host && remote ? remote.captureRemote(home, w) : capture(w);
  // The live capture is tmux's own rendering of the pane (SGR colours only); the saved tail is a file: sanitised.
  const body =
    live ?? `${c.gray("(pane gone; last terminal output)")}\n${sanitizeText(readPaneTail(home, w.id) ?? "")}`;
  const lines = body.replace(/\n+$/, "").split("\n").slice(-rows);
  const head =
    `${c.bold(`peek ${sanitizeLine(w.label)}`)} · ${sanitizeLine(w.task.split("\n")[0]!.slice(0, 50))} ` +
    `${c.gray(`· ${stateWord(w)} · ${age(w.updatedAt)} · ${pos + 1}/${total}`)}`;
  const keys = c.gray("a attach · r reply · n/p next/prev · q close");
  // Autowrap off while drawing, so long pane lines clip instead of scrolling the header away.
  return `${CLEAR}\x1b[?7l${head}\n${keys}\n\x1b[0m${lines.join("\x1b[0m\n")}\x1b[0m\x1b[?7h`;
}

async function pick(workers: WorkerStatus[]): Promise<WorkerStatus | undefined> {
  const { runFzf, rowKey } = await import("./fzf.js"); // only when no ref was given
  const rows = workers.map(
    (w, i) =>
      `${i}\t${sanitizeLine(w.label).padEnd(5)} ${stateWord(w).padEnd(12)} ` +
      `${sanitizeLine(w.task.split("\n")[0]!.slice(0, 70))}`,
  );
  // Keys as in the inbox: j/k move and q closes; `/` starts filtering (then they type).
  const args = [
    "--ansi",
    "--layout=reverse",
    "--delimiter=\t",
    "--with-nth=2..",
    "--header=peek: pick a worker · j k move · Enter peek · / filter · q close",
    "--disabled",
    "--prompt=  ",
  ];
  args.push("--bind=j:down,k:up,q:abort", "--bind=/:enable-search+change-prompt(/ )+unbind(j,k,q,/)");
  const r = runFzf({ rows, args });
  return r.key === "abort" ? undefined : workers[Number(rowKey(r.selected[0]))];
}

/** Returns "attached" when the person switched to the worker (the caller closes the popup). */
export async function runPeek(opts: PeekOptions): Promise<"closed" | "attached"> {
  const all = async () => listWorkers(opts.home).workers;
  const workers = async () => (await all()).filter((w) => w.state !== "ended" || w.tmux.paneId);
  let list = await workers();
  if (list.length === 0) throw new DocketError("no workers to peek at; start one with `docket spawn <task>`");
  const named = opts.ref ? resolveRef(opts.ref, await all()) : undefined;
  // A bad ref is said first; then the live view needs a terminal (no full-screen escapes into a pipe).
  const why = (await import("./term.js")).needsTerminal("peek");
  if (why) throw new DocketError(why, 2);
  let current = named ?? (await pick(list));
  if (!current) return "closed";
  const remote = list.some((w) => w.host) ? await import("../workers/remote.js") : undefined;
  let pos = Math.max(
    0,
    list.findIndex((w) => w.id === current!.id),
  );
  out(HIDE_CURSOR);
  try {
    for (;;) {
      const action = await new Promise<string>((resolve) => {
        const draw = () => out(frame(opts.home, current!, pos, list.length, remote));
        draw();
        const timer = setInterval(draw, REFRESH_MS);
        const stop = onKeys((k) => {
          if (!["q", "esc", "ctrl-c", "a", "r", "n", "p", "down", "up", "j", "k"].includes(k)) return;
          clearInterval(timer);
          stop();
          resolve(k);
        });
      });
      if (action === "q" || action === "esc" || action === "ctrl-c") return "closed";
      if (action === "a") {
        if (await attach(current, opts)) return "attached";
      } else if (action === "r") {
        out(SHOW_CURSOR);
        const { replyTo } = await import("./reply.js");
        await replyTo(opts.home, current);
        out(HIDE_CURSOR);
      } else {
        list = await workers();
        const step = action === "n" || action === "down" || action === "j" ? 1 : -1;
        const at = Math.max(
          0,
          list.findIndex((w) => w.id === current!.id),
        );
        pos = (at + step + list.length) % list.length;
        current = list[pos] ?? current;
      }
    }
  } finally {
    out(SHOW_CURSOR + "\x1b[?7h");
  }
}
