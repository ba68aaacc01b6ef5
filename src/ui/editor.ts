// Multi-line text from the person: $VISUAL/$EDITOR (fallback vi) on a 0600 temp file.
// The editor command may carry arguments ("code -w"); it runs without a shell.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DocketError } from "../core/errors.js";
import { parsePlanText, planText } from "../core/plan.js";
import type { Plan } from "../core/schema.js";

const COMMENT = "# ";

/** Returns the text without comment lines, trimmed; "" means cancelled. */
export function editText(header: string, initial = ""): string {
  const dir = mkdtempSync(join(tmpdir(), "docket-edit-"));
  const file = join(dir, "message.md");
  try {
    const hint = header
      .split("\n")
      .map((l) => COMMENT + l)
      .join("\n");
    writeFileSync(
      file,
      `${initial}\n${hint}\n${COMMENT}Lines starting with '# ' are ignored. Save an empty message to cancel.\n`,
      { mode: 0o600 },
    );
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

/**
 * An architect's plan in the editor before it goes to an implementer: undefined when the person saved
 * an empty file (cancelled). A plan that does not read back is offered again with the reason on top.
 */
export function editPlan(label: string, plan: Plan): Plan | undefined {
  let text = planText(plan);
  let problem = "";
  for (;;) {
    const header =
      `${problem ? `Not read: ${problem}\n` : ""}The plan ${label} proposed, for an implementer: steps ` +
      `"N. title" with "files: a, b" and "check: …" lines.`;
    const edited = editText(header, text);
    if (!edited) return undefined;
    try {
      return parsePlanText(edited);
    } catch (err) {
      problem = (err as Error).message;
      text = edited;
    }
  }
}
