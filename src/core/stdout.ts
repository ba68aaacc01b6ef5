// docket's one writer of stdout. Output goes out with a synchronous write(2) on fd 1 rather than through
// process.stdout: building that stream loads node's stream modules, about 2 ms a command (ADR 0008), and a
// synchronous write is what process.stdout does on Linux anyway (files, pipes and terminals). Output is
// also complete when the process exits, whatever kind of file stdout is.
import { writeSync } from "node:fs";

let viaStream = false;
let quiet = false;

/** Write `text` to stdout. A closed pipe (`docket … | head`) ends the command quietly, as for other Unix tools. */
export function out(text: string): void {
  if (viaStream) {
    process.stdout.write(text);
    return;
  }
  const buf = Buffer.from(text, "utf8");
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(1, buf, off);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EPIPE") process.exit(0);
      if (code !== "EAGAIN") throw err;
      // A non-blocking stdout that is full: the stream waits for it, and keeps the order from here on.
      viaStream = true;
      quietOnClosedPipe();
      process.stdout.write(buf.subarray(off));
      return;
    }
  }
}

/** For output written through process.stdout (yargs' help and completion): a closed pipe ends quietly too. */
export function quietOnClosedPipe(): void {
  if (quiet) return;
  quiet = true;
  process.stdout.on("error", (err: NodeJS.ErrnoException) => (err.code === "EPIPE" ? process.exit(0) : undefined));
}
