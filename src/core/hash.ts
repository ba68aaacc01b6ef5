// FNV-1a, 32 bits: short stable names for store files (views, grades) and cheap content digests. Not a
// security hash.

/** `s` hashed to 8 hex digits. */
export function fnv1a32(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}
