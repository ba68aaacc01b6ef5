// Bash fallback: a worker that types `/docket wait|done|fail …` into its shell gets the protocol
// transition anyway (the bash call is blocked), plus a nudge to use the tools. Parsing is pure.

export interface FallbackCall {
  verb: "wait" | "done" | "fail";
  text: string;
}

const LINE = /^\s*\/docket\s+(wait|done|fail)\b[ \t]*(.*)$/;

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}

/**
 * The first line of a bash command that is a `/docket wait|done|fail` call, with the rest of the command as its text.
 */
export function parseFallback(command: string): FallbackCall | undefined {
  const lines = command.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = LINE.exec(lines[i]!);
    if (!m) continue;
    const rest = [m[2] ?? "", ...lines.slice(i + 1)].join("\n");
    return { verb: m[1] as FallbackCall["verb"], text: unquote(rest) };
  }
  return undefined;
}
