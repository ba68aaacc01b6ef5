// How a failed command ends: a DocketError is one line and its exit code; anything else is one line
// and exit 1 (the stack only with DOCKET_DEBUG).
import { DocketError } from "../core/errors.js";

export function exitWithError(err: unknown): never {
  if (err instanceof DocketError) {
    process.stderr.write(`docket: ${err.message}\n`);
    process.exit(err.exitCode);
  }
  const e = err as Error;
  process.stderr.write(`docket: ${e?.message ?? String(err)}\n`);
  if (process.env.DOCKET_DEBUG) process.stderr.write(`${e?.stack ?? ""}\n`);
  process.exit(1);
}
