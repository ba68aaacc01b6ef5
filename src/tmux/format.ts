// Literal text inside tmux strings that tmux expands as formats. Import-free (the extension's
// notifications use it). Control characters are not tmux's business: sanitise first (core/sanitize.ts).

/**
 * Text that tmux format-expands once (`-c` paths, hook and key-binding commands, `-F`): `#` doubled.
 * Not for display-message, which goes through two more steps (see messageLiteral).
 */
export function formatLiteral(s: string): string {
  return s.replace(/#/g, "##");
}

/**
 * The text of a `display-message` (not -p) so that the status line shows exactly `s`, and no `#(…)`
 * ever runs. On tmux 3.2+ the text passes three stages:
 *   1. strftime (format_expand_time): `%` is special → `%%`;
 *   2. format_expand: `##` → `#`, `#(…)` runs a command, `#{…}` expands; but a run of `#`s followed
 *      by `[` is copied unchanged, for the drawing stage;
 *   3. format_draw, which draws the message: `##` → `#` again, and `#[…]` is a style (an even run of
 *      `#`s before `[` is literal `#`s and a `[`).
 * So a run of n `#`s becomes 4n `#`s (→ 2n after stage 2 → n drawn), and a run of n `#`s before `[`
 * becomes 2n (kept by stage 2, drawn as n `#`s and a literal `[`). Doubling once (the old rule) lost a
 * `#` of `##(` and let `#[fg=…]` restyle the message.
 */
export function messageLiteral(s: string): string {
  return s
    .replace(/%/g, "%%")
    .replace(/(#+)(\[?)/g, (_m, hashes: string, bracket: string) => hashes.repeat(bracket ? 2 : 4) + bracket);
}
