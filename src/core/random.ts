// Random suffixes for names (temp files, trash dirs, ids, buffer names, run tokens): unique enough with
// the pid or a slug beside them, and never secrets. Math.random, not node:crypto: loading crypto costs
// every command that writes a file a few milliseconds.

/** `bytes` random bytes as hex (2 digits each). */
export function randomHex(bytes: number): string {
  let out = "";
  for (let i = 0; i < bytes; i++)
    out += Math.floor(Math.random() * 256)
      .toString(16)
      .padStart(2, "0");
  return out;
}
