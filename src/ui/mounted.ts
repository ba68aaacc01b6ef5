// Inbox rows for mounted evidence (`docket load`): a preview card and the keys that make sense for
// reference material. They go out only the ways `docket ref/inject-full/copy` do (evidence/deliver.ts),
// so pasting a bundle's item marks the bundle consumed there too.
import type { ReviewItem } from "../core/ranking.js";
import type { Artifact } from "../core/schema.js";
import { DocketError } from "../core/errors.js";
import type { Origin } from "./actions.js";
import { sanitizeDeep, sanitizeLine } from "../core/sanitize.js";
import { age, c } from "./ansi.js";

/** Preview: the item's own text, with where it was loaded from. */
export function renderMountedCard(item: ReviewItem, rawArtifact: Artifact, now: number, width: number): string {
  const a = sanitizeDeep(rawArtifact);
  const m = sanitizeDeep(item.mounted);
  const head =
    `${c.accent("◆")} ${c.bold(sanitizeLine(item.key))} · ${sanitizeLine(a.title)}   ` +
    `${c.gray(`${a.type} · ${age(a.at, now)} ago${a.exitCode !== undefined ? ` · exit ${a.exitCode}` : ""}`)}`;
  const from = m ? `loaded ${m.from} ${m.source} · ${m.sourceTitle}` : "loaded";
  const body = a.text
    .split("\n")
    .slice(0, 60)
    .map((l) => "  " + l.slice(0, width));
  return [head, c.gray(`  ${from} · y copy · i paste a reference · I paste the full text`), "", ...body].join("\n");
}

/** Keys on a mounted item; returns a note for the inbox header. */
export async function actOnMounted(
  home: string,
  key: string,
  item: ReviewItem,
  origin: Origin,
): Promise<string | undefined> {
  switch (key) {
    case "y": {
      const { copyArtifact } = await import("../evidence/deliver.js");
      const r = await copyArtifact(home, item.key, "full");
      return `copied ${r.ref} to ${r.targets.join(" + ")}`;
    }
    case "i":
    case "I": {
      if (!origin.pane)
        throw new DocketError("no origin pane: open the inbox from tmux (the key binding passes --origin-pane)");
      const { pasteArtifact } = await import("../evidence/deliver.js");
      const r = await pasteArtifact(home, item.key, key === "I" ? "full" : "ref", origin.pane);
      return `pasted ${key === "I" ? "full text" : "reference"} of ${r.ref} into ${r.pane}`;
    }
    case "?": {
      const { showHelp, INBOX_KEYS } = await import("./actions.js");
      showHelp("docket inbox", INBOX_KEYS);
      return undefined;
    }
    default: {
      const source = item.mounted?.source ?? "";
      return `${item.key} is loaded evidence: y copy · i/I paste · docket unload ${source} drops it`.trimEnd();
    }
  }
}
