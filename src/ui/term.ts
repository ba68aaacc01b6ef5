// Raw terminal I/O for popups: keys, clearing, prompts. No dependency: popups must start fast.
import { readSync } from "node:fs";
import { out } from "../core/stdout.js";
import { c } from "./ansi.js";

export const CLEAR = "\x1b[2J\x1b[H";
/** Hides the terminal cursor while a popup frame is up. */
export const HIDE_CURSOR = "\x1b[?25l";
export const SHOW_CURSOR = "\x1b[?25h";

/** Normalised key names: "up", "down", "pgup", "pgdn", "enter", "esc", "space", "backspace", or the character. */
export function keyName(s: string): string {
  if (s === "\r" || s === "\n") return "enter";
  if (s === "\x1b") return "esc";
  if (s === " ") return "space";
  if (s === "\x7f" || s === "\b") return "backspace";
  if (s === "\x03") return "ctrl-c";
  if (s === "\x1b[A" || s === "\x1bOA") return "up";
  if (s === "\x1b[B" || s === "\x1bOB") return "down";
  if (s === "\x1b[C" || s === "\x1bOC") return "right";
  if (s === "\x1b[D" || s === "\x1bOD") return "left";
  if (s === "\x1b[5~") return "pgup";
  if (s === "\x1b[6~") return "pgdn";
  return s;
}

// One read can carry several keys (fast typing, a paste, keys sent by a script), so a chunk is split
// into keys: CSI/SS3 escape sequences, a lone Esc, or one character.
const CSI = /^\x1b\[[0-9;?]*[\x40-\x7e]/;
const SS3 = /^\x1bO./;

export function splitKeys(chunk: string): string[] {
  const keys: string[] = [];
  let rest = chunk;
  while (rest.length > 0) {
    const seq = CSI.exec(rest)?.[0] ?? SS3.exec(rest)?.[0];
    const key = seq ?? String.fromCodePoint(rest.codePointAt(0)!);
    keys.push(keyName(key));
    rest = rest.slice(key.length);
  }
  return keys;
}

const pending: string[] = [];

/** Keys already read from the terminal but not yet handled (the rest of a paste). */
export function pendingKeys(): number {
  return pending.length;
}

/** Block until one key arrives (raw mode for the duration). */
export function readKey(): string {
  const queued = pending.shift();
  if (queued !== undefined) return queued;
  const stdin = process.stdin;
  const wasRaw = stdin.isTTY ? stdin.isRaw : false;
  if (stdin.isTTY) stdin.setRawMode(true);
  try {
    const buf = Buffer.alloc(256);
    for (;;) {
      let n = 0;
      try {
        n = readSync(0, buf, 0, buf.length, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EAGAIN") continue;
        throw err;
      }
      if (n === 0) return "eof";
      pending.push(...splitKeys(buf.subarray(0, n).toString("utf8")));
      return pending.shift()!;
    }
  } finally {
    if (stdin.isTTY) stdin.setRawMode(wasRaw);
  }
}

/** Keep the terminal raw until the returned function runs: keys typed between reads are neither
 *  echoed nor held back by the line discipline. */
export function holdRaw(): () => void {
  const stdin = process.stdin;
  if (!stdin.isTTY) return () => {};
  const wasRaw = stdin.isRaw;
  stdin.setRawMode(true);
  return () => stdin.setRawMode(wasRaw);
}

/** Async key stream (for screens that also refresh on a timer, like peek). */
export function onKeys(handler: (key: string) => void): () => void {
  const stdin = process.stdin;
  if (stdin.isTTY) stdin.setRawMode(true);
  const listener = (buf: Buffer) => {
    for (const key of splitKeys(buf.toString("utf8"))) handler(key);
  };
  stdin.on("data", listener);
  stdin.resume();
  return () => {
    stdin.off("data", listener);
    stdin.pause();
    if (stdin.isTTY) stdin.setRawMode(false);
  };
}

export function confirm(question: string): boolean {
  out(`\n${question} ${c.gray("[y/N]")} `);
  const k = readKey();
  out(k + "\n");
  return k === "y" || k === "Y";
}

export function pressAnyKey(msg = "press any key"): void {
  out(c.gray(`\n${msg}`));
  readKey();
}

/** A one-line prompt in raw mode; Esc cancels (undefined). */
export function promptLine(label: string): string | undefined {
  out(`${label} `);
  let text = "";
  for (;;) {
    let k = readKey();
    if (k === "enter" && pendingKeys() === 0) break;
    if (k === "enter") {
      text += "\n"; // a newline inside a paste belongs to the text
      out(" ⏎ ");
      continue;
    }
    if (k === "esc" || k === "ctrl-c" || k === "eof") {
      out("\n");
      return undefined;
    }
    if (k === "backspace") {
      if (text) {
        text = text.slice(0, -1);
        out("\b \b");
      }
      continue;
    }
    if (k === "space") k = " ";
    if ([...k].length === 1 && k >= " ") {
      text += k;
      out(k);
    }
  }
  out("\n");
  return text;
}

/**
 * Why a popup verb cannot run here, in one line, or undefined: it draws full-screen and reads keys,
 * so stdin and stdout must be a terminal. Each names what scripts use instead.
 */
export function needsTerminal(verb: "inbox" | "verdict" | "peek"): string | undefined {
  if (process.stdin.isTTY && process.stdout.isTTY) return undefined;
  const what = process.stdout.isTTY ? "stdin is not a terminal" : "stdout is not a terminal";
  if (verb === "inbox")
    return `inbox needs a terminal (${what}); for scripts: docket inbox --plain or docket inbox --json`;
  if (verb === "verdict")
    return (
      `verdict needs a terminal (${what}); for scripts: docket verdict wN --accept | --reject | --option N | … ` +
      `(docket show wN prints the card)`
    );
  return `peek needs a terminal (${what}); docket show wN prints a worker's card`;
}
