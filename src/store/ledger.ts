// decisions.ndjson: the append-only decision ledger.
import { existsSync, readFileSync } from "node:fs";
import { ok, parse } from "../core/check.js";
import { Decision } from "../core/schema.js";
import { appendLine } from "./fsutil.js";
import { ledgerPath } from "./layout.js";

export function appendDecision(home: string, d: Decision): void {
  appendLine(ledgerPath(home), JSON.stringify(parse(Decision, d)));
}

export function readDecisions(home: string): { decisions: Decision[]; badLines: number } {
  const file = ledgerPath(home);
  const decisions: Decision[] = [];
  let badLines = 0;
  if (!existsSync(file)) return { decisions, badLines };
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const parsed = ok(Decision, JSON.parse(line));
      if (parsed) decisions.push(parsed);
      else badLines++;
    } catch {
      badLines++;
    }
  }
  return { decisions, badLines };
}
