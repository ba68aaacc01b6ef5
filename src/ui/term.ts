// Raw terminal I/O for popups: keys, clearing, prompts. No dependency: popups must start fast.
import { readSync } from "node:fs";
import { c } from "./ansi.js";

export const CLEAR = "\x1b[2J\x1b[H";
export const HIDE_CURSOR = "\x1b[?25l";
export const SHOW_CURSOR = "\x1b[?25h";

export function out(s: string): void {
  process.stdout.write(s);
}

/** Normalised key names: "up", "down", "enter", "esc", "space", "backspace", or the character. */
export function keyName(buf: Buffer): string {
  const s = buf.toString("utf8");
  if (s === "\r" || s === "\n") return "enter";
  if (s === "\x1b") return "esc";
  if (s === " ") return "space";
  if (s === "\x7f" || s === "\b") return "backspace";
  if (s === "\x03") return "ctrl-c";
  if (s === "\x1b[A" || s === "\x1bOA") return "up";
  if (s === "\x1b[B" || s === "\x1bOB") return "down";
  if (s === "\x1b[C" || s === "\x1bOC") return "right";
  if (s === "\x1b[D" || s === "\x1bOD") return "left";
  return s.length === 1 ? s : s;
}

/** Block until one key arrives (raw mode for the duration). */
export function readKey(): string {
  const stdin = process.stdin;
  const wasRaw = stdin.isTTY ? stdin.isRaw : false;
  if (stdin.isTTY) stdin.setRawMode(true);
  try {
    const buf = Buffer.alloc(16);
    for (;;) {
      let n = 0;
      try {
        n = readSync(0, buf, 0, buf.length, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EAGAIN") continue;
        throw err;
      }
      if (n === 0) return "eof";
      return keyName(buf.subarray(0, n));
    }
  } finally {
    if (stdin.isTTY) stdin.setRawMode(wasRaw);
  }
}

/** Async key stream (for screens that also refresh on a timer, like peek). */
export function onKeys(handler: (key: string) => void): () => void {
  const stdin = process.stdin;
  if (stdin.isTTY) stdin.setRawMode(true);
  const listener = (buf: Buffer) => handler(keyName(buf));
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
    const k = readKey();
    if (k === "enter") break;
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
    if (k.length === 1 && k >= " ") {
      text += k;
      out(k);
    } else if (k.length > 1 && !k.startsWith("\x1b") && !["up", "down", "left", "right", "space"].includes(k)) {
      text += k; // pasted text arrives as one chunk
      out(k);
    } else if (k === "space") {
      text += " ";
      out(" ");
    }
  }
  out("\n");
  return text;
}
