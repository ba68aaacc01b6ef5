// Quoting for the one shell string docket hands to fzf (--preview). Only our own temp path goes in.
export function shellQuoteArg(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
