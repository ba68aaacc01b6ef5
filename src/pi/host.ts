// What the extension reads from its host: whether pi can run its model at all, the user messages its
// session already holds, and the text of the worker's own pane (where pi prints what it refused).
import type { ExtensionContext } from "@mariozechner/pi-coding-agent";
import { textOf } from "./evidence.js";

type Ctx = ExtensionContext | undefined;

/**
 * pi's own precondition for every prompt (agent-session's prompt(): a model, and auth for it), asked
 * through its registry; the words are pi's too. Undefined when pi can run, or this pi cannot tell.
 */
export function modelProblem(ctx: Ctx): string | undefined {
  if (!ctx) return undefined;
  const model = ctx.model as { provider?: string; id?: string } | undefined;
  if (!model) return "No model selected.";
  const registry = ctx.modelRegistry as { hasConfiguredAuth?: (m: unknown) => boolean } | undefined;
  if (typeof registry?.hasConfiguredAuth !== "function") return undefined;
  return registry.hasConfiguredAuth(model)
    ? undefined
    : `No API key found for ${model.provider ?? "the selected model"}.`;
}

/** Text of every user message on the session's current branch. */
export function userTexts(ctx: Ctx): string[] {
  const sm = ctx?.sessionManager as { getBranch?: () => unknown[]; getEntries?: () => unknown[] } | undefined;
  const entries = (typeof sm?.getBranch === "function" ? sm.getBranch() : sm?.getEntries?.()) ?? [];
  const out: string[] = [];
  for (const e of entries as Array<{ type?: string; message?: { role?: string; content?: unknown } }>) {
    if (e?.type === "message" && e.message?.role === "user") out.push(textOf(e.message.content));
  }
  return out;
}
