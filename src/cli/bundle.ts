// The CLI bundle's entry (dist/cli.cjs, scripts/build.mjs): everything the entry (dist/docket.cjs) hands over to,
// in one CommonJS file that src/handover.ts runs with a V8 code cache (ADR 0008). Each is loaded when
// called: in the bundle a lazy import() is a module initialised on first use, so a verb initialises
// only what it runs.
import type { InboxOptions } from "../ui/inbox.js";

export async function main(argv: string[]): Promise<void> {
  return (await import("./main.js")).main(argv);
}

export async function exitWithError(err: unknown): Promise<never> {
  return (await import("./fail.js")).exitWithError(err);
}

export async function runInbox(opts: InboxOptions): Promise<void> {
  return (await import("../ui/inbox.js")).runInbox(opts);
}

export async function runVerdict(opts: Parameters<typeof import("../ui/verdict.js").runVerdict>[0]) {
  return (await import("../ui/verdict.js")).runVerdict(opts);
}
