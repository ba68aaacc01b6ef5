// The popup command lines the tmux bindings run, parsed by hand: yargs costs more than starting node.
// Anything unusual returns undefined and goes to yargs.

const POPUPS = new Set(["inbox", "verdict", "peek"]);
const BOOL = new Set(["--all"]);
const VALUE = new Set(["--origin-pane", "--client"]);

export interface PopupArgs {
  verb: "inbox" | "verdict" | "peek";
  ref?: string;
  all: boolean;
  pane?: string;
  client?: string;
}

export function parsePopupArgs(argv: string[]): PopupArgs | undefined {
  const [verb, ...rest] = argv;
  if (!verb || !POPUPS.has(verb)) return undefined;
  const out: PopupArgs = { verb: verb as PopupArgs["verb"], all: false };
  for (let i = 0; i < rest.length; i++) {
    const raw = rest[i]!;
    const [flag, inline] =
      raw.startsWith("--") && raw.includes("=")
        ? [raw.slice(0, raw.indexOf("=")), raw.slice(raw.indexOf("=") + 1)]
        : [raw, undefined];
    if (BOOL.has(flag) && inline === undefined) out.all = true;
    else if (VALUE.has(flag)) {
      const v = inline ?? rest[++i];
      if (v === undefined || v.startsWith("--")) return undefined;
      if (flag === "--origin-pane") out.pane = v || undefined;
      else out.client = v || undefined;
    } else if (!raw.startsWith("-") && verb !== "inbox" && out.ref === undefined) out.ref = raw;
    else return undefined;
  }
  return out;
}
