// decisions.ndjson: the append-only decision ledger.
import { existsSync, readFileSync } from "node:fs";
import { Decision } from "../core/schema.js";
import { appendLine } from "./fsutil.js";
import { ledgerPath } from "./layout.js";

export function appendDecision(home: string, d: Decision): void {
  appendLine(ledgerPath(home), JSON.stringify(Decision.parse(d)));
}

export function readDecisions(home: string): { decisions: Decision[]; badLines: number } {
  const file = ledgerPath(home);
  const decisions: Decision[] = [];
  let badLines = 0;
  if (!existsSync(file)) return { decisions, badLines };
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const parsed = Decision.safeParse(JSON.parse(line));
      if (parsed.success) decisions.push(parsed.data);
      else badLines++;
    } catch {
      badLines++;
    }
  }
  return { decisions, badLines };
}
