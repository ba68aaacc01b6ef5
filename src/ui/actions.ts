// Inbox/verdict/peek side actions: attach, copy, paste into the origin pane, diff view, key help.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { WORKER_SESSION } from "../core/env.js";
import { DocketError } from "../core/errors.js";
import type { ReviewItem } from "../core/ranking.js";
import { sanitizeText } from "../core/sanitize.js";
import type { Artifact, WorkerStatus } from "../core/schema.js";
import { workerPaths } from "../store/layout.js";
import { popupSocketArgs, tmuxPopup } from "../tmux/popup-sync.js";
import { c } from "./ansi.js";
import { evidenceText } from "./card.js";
import { colorDiff } from "./diff.js";
import { out } from "../core/stdout.js";
import { CLEAR, pressAnyKey } from "./term.js";

export interface Origin {
  /** Pane the popup was opened from (%N). */
  pane?: string;
  /** Client tty the popup belongs to. */
  client?: string;
}

export function windowTarget(w: WorkerStatus): string {
  return w.tmux.windowId ?? `${w.tmux.session || WORKER_SESSION}:${w.tmux.windowName}`;
}

/** The `tmux attach` command for a worker's window, or (no worker) the workers' session itself. */
export function attachCommand(w?: WorkerStatus, env: NodeJS.ProcessEnv = process.env): string {
  const sock = popupSocketArgs(env).join(" ");
  const target = w ? `${w.tmux.session || WORKER_SESSION}:${w.tmux.windowName}` : WORKER_SESSION;
  return `tmux ${sock ? sock + " " : ""}attach -t ${target}`;
}

/** Whether we can switch a client rather than attach one (a client named, or running inside tmux). */
export function insideTmux(origin: Origin, env: NodeJS.ProcessEnv = process.env): boolean {
  return !!origin.client || !!env.TMUX;
}

/** switch-client to the worker's window (no worker: the workers' session); the error text when it fails. */
export function switchToWorker(w: WorkerStatus | undefined, origin: Origin): { ok: true } | { ok: false; err: string } {
  return switchClient(origin, w ? windowTarget(w) : `=${WORKER_SESSION}`);
}

/** switch-client (the origin's client, else the current one) to `target`; the error text when it fails. */
function switchClient(origin: Origin, target: string): { ok: true } | { ok: false; err: string } {
  const r = tmuxPopup(["switch-client", ...(origin.client ? ["-c", origin.client] : []), "-t", target]);
  return r.code === 0 ? { ok: true } : { ok: false, err: r.err.trim() };
}

/**
 * A remote worker's window is on its host: a window here runs `ssh -t … remote attach <id>` (one per
 * worker, named `wN@host`, reused), and the client switches to it.
 */
export async function attachRemote(
  w: WorkerStatus,
  origin: Origin,
): Promise<{ ok: true } | { ok: false; err: string; command: string }> {
  const [{ remoteAttachArgv }, { docketHome }, { shellQuote }] = await Promise.all([
    import("../workers/remote.js"),
    import("../core/env.js"),
    import("../core/quote.js"),
  ]);
  const argv = remoteAttachArgv(docketHome(), w);
  const command = argv.map(shellQuote).join(" ");
  if (!insideTmux(origin)) return { ok: false, err: "not inside tmux", command };
  const name = `${w.label}@${w.host?.name}`;
  const found = tmuxPopup(["list-windows", "-a", "-F", "#{window_id} #{window_name}"]);
  let id = found.out
    .split("\n")
    .find((l) => l.split(" ")[1] === name)
    ?.split(" ")[0];
  if (!id) {
    const made = tmuxPopup(["new-window", "-d", "-P", "-F", "#{window_id}", "-n", name, "--", ...argv]);
    if (made.code !== 0) return { ok: false, err: made.err.trim(), command };
    id = made.out.trim();
  }
  const r = switchClient(origin, id);
  return r.ok ? r : { ...r, command };
}

/** Switch the client to the worker's window; outside tmux, print the attach command. Returns true when switched. */
export async function attach(w: WorkerStatus, origin: Origin): Promise<boolean> {
  if (w.host) {
    const r = await attachRemote(w, origin);
    if (r.ok) return true;
    if (insideTmux(origin)) out(c.red(`\ncannot switch to ${w.label}: ${r.err}\n`));
    out(`\nAttach with:\n  ${r.command}\n`);
    pressAnyKey();
    return false;
  }
  if (insideTmux(origin)) {
    const r = switchToWorker(w, origin);
    if (r.ok) return true;
    out(c.red(`\ncannot switch to ${w.label}: ${r.err}\n`));
  }
  out(`\nAttach with:\n  ${attachCommand(w)}\n`);
  pressAnyKey();
  return false;
}

/** The evidence an inbox item stands for: its artifact, else the worker's most relevant item. */
export async function itemRenderable(home: string, w: WorkerStatus, item: ReviewItem) {
  const [{ workerEvidence }, { resolveArtifact }] = await Promise.all([
    import("../store/artifacts.js"),
    import("../evidence/resolve.js"),
  ]);
  const items = workerEvidence(home, w);
  const last = (t: Artifact["type"]) => [...items].reverse().find((a) => a.type === t);
  const a = item.artifactId
    ? items.find((x) => x.id === item.artifactId)
    : ((w.state === "needs_input" ? last("question") : undefined) ??
      last("summary") ??
      last("error") ??
      last("terminal"));
  return a ? resolveArtifact(home, `${w.label}.${a.id}`) : undefined;
}

export async function copyEvidence(w: WorkerStatus, item: ReviewItem, artifacts: Artifact[]): Promise<string> {
  const { copyText } = await import("../evidence/paste.js");
  const art = item.artifactId ? artifacts.find((a) => a.id === item.artifactId) : undefined;
  const where = await copyText(evidenceText(w, art));
  return `copied ${item.key} to ${where.join(" + ")}`;
}

/** `i` (compact reference) / `I` (full text) into the origin pane. */
export async function pasteToOrigin(
  home: string,
  w: WorkerStatus,
  item: ReviewItem,
  full: boolean,
  origin: Origin,
): Promise<string> {
  if (!origin.pane)
    throw new DocketError("no origin pane: open the inbox from tmux (the key binding passes --origin-pane)");
  const r = await itemRenderable(home, w, item);
  const { compactRef, fullText } = await import("../evidence/render.js");
  const { pasteIntoPane } = await import("../evidence/paste.js");
  const text = r
    ? full
      ? fullText(r)
      : compactRef(r)
    : full
      ? evidenceText(w).trimEnd()
      : `[docket ${w.label}] ${w.task.split("\n")[0]}`;
  await pasteIntoPane(text, origin.pane);
  return `pasted ${full ? "full text" : "reference"} of ${r?.ref ?? w.label} into ${origin.pane}`;
}

/** Coloured diff in a pager (less -R when present), else printed with a key to return. */
export function showDiff(home: string, w: WorkerStatus): void {
  const cs = w.changeSet;
  const file = cs && /^[A-Za-z0-9._-]+$/.test(cs.patch) ? join(workerPaths(home, w.id).dir, cs.patch) : undefined;
  if (!file || !existsSync(file)) {
    out(`\n${w.label} has no change set.\n`);
    pressAnyKey();
    return;
  }
  // The patch holds the worker's file contents: shown escaped, then coloured (less -R would pass OSC 8).
  pageText(`${c.bold(`${w.label} · change set`)}\n${colorDiff(sanitizeText(readFileSync(file, "utf8")))}\n`);
}

/** Text in less until `q` (-R colours), else printed with a key to return. */
export function pageText(text: string): void {
  // Never -F (quit when it fits): fzf or the card would repaint over a small diff before anyone saw
  // it. `-+F -+E -+e` also undo those options when the person's $LESS sets them, so the diff stays
  // on screen, scrolls, and `q` returns. -R keeps the colours, -K lets ^C out.
  const r = spawnSync("less", ["-R", "-X", "-K", "-+F", "-+E", "-+e"], {
    input: text,
    stdio: ["pipe", "inherit", "inherit"],
  });
  if (r.error) {
    out(CLEAR + text);
    pressAnyKey("press any key to return");
  }
}

export const INBOX_KEYS: Array<[string, string]> = [
  ["Enter", "open the verdict for the item"],
  ["r", "reply to the worker (editor: $VISUAL/$EDITOR, else vi; empty text cancels)"],
  ["p", "peek at the worker's pane (read-only, live)"],
  ["a", "attach: switch this client to the worker's window"],
  ["y", "copy the evidence text (tmux buffer + system clipboard)"],
  ["i", "paste a compact reference into the pane the popup came from"],
  ["I", "paste the full text into the pane the popup came from"],
  ["Space", "mark done / restore"],
  ["d", "review the change set: hunks, comments, send back (v: plain less)"],
  ["b", "broadcast: one message (editor) to every running worker of this project"],
  ["/", "filter the list (Esc returns)"],
  ["j k ↑ ↓", "move"],
  ["?", "this help"],
  ["q Esc", "close"],
];

export function showHelp(title: string, keys: Array<[string, string]>): void {
  out(CLEAR + c.bold(`${title} · keys`) + "\n\n");
  for (const [k, d] of keys) out(`  ${c.accent(k.padEnd(9))} ${d}\n`);
  pressAnyKey("press any key to return");
}
