// Multi-line text from the person: $VISUAL/$EDITOR (fallback vi) on a 0600 temp file.
// The editor command may carry arguments ("code -w"); it runs without a shell.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DocketError } from "../core/errors.js";

const COMMENT = "# ";

/** Returns the text without comment lines, trimmed; "" means cancelled. */
export function editText(header: string, initial = ""): string {
  const dir = mkdtempSync(join(tmpdir(), "docket-edit-"));
  const file = join(dir, "message.md");
  try {
    const hint = header.split("\n").map((l) => COMMENT + l).join("\n");
    writeFileSync(file, `${initial}\n${hint}\n${COMMENT}Lines starting with '# ' are ignored. Save an empty message to cancel.\n`, { mode: 0o600 });
    const cmd = (process.env.VISUAL || process.env.EDITOR || "vi").trim().split(/\s+/);
    const r = spawnSync(cmd[0]!, [...cmd.slice(1), file], { stdio: "inherit" });
    if (r.error) throw new DocketError(`cannot run editor ${cmd[0]}: ${r.error.message} (set $EDITOR)`);
    if (r.status !== 0) return "";
    return readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => !l.startsWith(COMMENT))
      .join("\n")
      .trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
