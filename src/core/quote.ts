// Shell single quotes: the only safe way to put a path or a user's text into `sh -c` text (fzf's
// --preview, the bindings' popup commands, run-shell). The one quoting function docket has.

/** `s` as one shell word: single-quoted, each `'` written as `'\''`. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
