// Put text into a pane or onto clipboards. Text always travels on stdin (load-buffer -), never argv or a shell.
import { spawn } from "node:child_process";
import { randomHex } from "../core/random.js";
import { DocketError } from "../core/errors.js";
import { sanitizeText } from "../core/sanitize.js";
import { commandList, tmux } from "../tmux/runner.js";

const PANE = /^%\d{1,9}$/;

/** Target pane: -t, else the pane we run in ($TMUX_PANE). Only `%N` pane ids and plain targets pass. */
export function targetPane(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const t = (explicit ?? env.TMUX_PANE ?? "").trim();
  if (!t) throw new DocketError("no target pane: run inside tmux or pass -t <pane>");
  if (!PANE.test(t) && !/^[A-Za-z0-9_.:@%$-]{1,100}$/.test(t))
    throw new DocketError(`invalid pane target: ${JSON.stringify(t)}`);
  return t;
}

/**
 * Bracketed paste (-p) of `text` into `pane`, via a private named buffer deleted after use (-d).
 * The text is evidence from workers: sanitised, so an ESC [ 201 ~ in it cannot end the bracketed paste
 * early and have the rest typed as commands into the person's shell.
 */
export async function pasteIntoPane(text: string, pane: string): Promise<void> {
  const buf = `docket-${randomHex(4)}`;
  await tmux(commandList(["load-buffer", "-b", buf, "-"], ["paste-buffer", "-p", "-d", "-b", buf, "-t", pane]), {
    input: sanitizeText(text),
  });
}

const CLIPBOARDS: Array<{ cmd: string; args: string[]; when?: (env: NodeJS.ProcessEnv) => boolean }> = [
  { cmd: "wl-copy", args: [], when: (e) => !!e.WAYLAND_DISPLAY },
  { cmd: "xclip", args: ["-selection", "clipboard"], when: (e) => !!e.DISPLAY },
  { cmd: "xsel", args: ["--clipboard", "--input"], when: (e) => !!e.DISPLAY },
  { cmd: "pbcopy", args: [] },
];

/** Run a clipboard tool with `text` on stdin; true when it exits 0 within 3 s (never throws). */
function feeds(cmd: string, args: string[], text: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      env: { ...process.env, ...env },
      stdio: ["pipe", "ignore", "ignore"],
      timeout: 3000,
    });
    child.once("error", () => resolve(false));
    child.once("close", (code, signal) => resolve(code === 0 && !signal));
    child.stdin!.on("error", () => undefined);
    child.stdin!.end(text);
  });
}

/** Copy to the tmux buffer (when a server is reachable) and the first system clipboard that works. */
export async function copyText(text: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const done: string[] = [];
  try {
    // -w also forwards to the outer terminal's clipboard when set-clipboard allows it.
    await tmux(["load-buffer", "-w", "-b", "docket-copy", "-"], { input: text, env });
    done.push("tmux buffer docket-copy");
  } catch {
    /* no tmux server here: fall through to the system clipboard */
  }
  for (const c of CLIPBOARDS) {
    if (c.when && !c.when(env)) continue;
    if (await feeds(c.cmd, c.args, text, env)) {
      done.push(c.cmd);
      break;
    }
  }
  if (!done.length)
    throw new DocketError("nothing to copy into: no tmux server and no clipboard tool (wl-copy, xclip, xsel, pbcopy)");
  return done;
}
