// pi's own words for why it cannot work, picked out of the text of a worker's pane (pi prints prompt
// and provider errors there, and a crashing node prints its message last). Pure.

const ERROR_LINE = new RegExp(
  String.raw`^\s*(?:\u2502\s*)?((?:Error|error|Fatal|fatal)\b[:!].*|No API key found.*|No model selected.*|` +
    "Authentication failed.*|Unknown model.*|Model .* not found.*|docket worker: .*)$",
);

/** The last error-looking line of a pane's text (trimmed, at most 300 chars), or undefined. */
export function piErrorLine(paneText: string): string | undefined {
  const lines = paneText.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = ERROR_LINE.exec(lines[i]!.replace(/\s*\u2502\s*$/, ""));
    if (m) return m[1]!.trim().slice(0, 300);
  }
  return undefined;
}
