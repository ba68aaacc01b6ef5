// ref / inject-full / copy: the only ways evidence leaves the store. A bundle used this way is consumed.
import { markBundleConsumed } from "../store/bundles.js";
import { compactRef, fullText } from "./render.js";
import { copyText, pasteIntoPane, targetPane } from "./paste.js";
import { resolveArtifact, type ResolvedArtifact } from "./resolve.js";

export type DeliverForm = "ref" | "full";

export function renderArtifact(
  home: string,
  ref: string,
  form: DeliverForm,
): { resolved: ResolvedArtifact; text: string } {
  const resolved = resolveArtifact(home, ref);
  return { resolved, text: form === "ref" ? compactRef(resolved) : fullText(resolved) };
}

function consumed(home: string, r: ResolvedArtifact): void {
  if (r.kind !== "bundle") return;
  try {
    markBundleConsumed(home, r.sourceId);
  } catch {
    /* the paste happened; the mark is bookkeeping */
  }
}

/** Paste into a pane (bracketed); returns the pane and the exact text pasted. */
export async function pasteArtifact(
  home: string,
  ref: string,
  form: DeliverForm,
  pane?: string,
): Promise<{ pane: string; text: string; ref: string }> {
  const target = targetPane(pane);
  const { resolved, text } = renderArtifact(home, ref, form);
  await pasteIntoPane(text, target);
  consumed(home, resolved);
  return { pane: target, text, ref: resolved.ref };
}

export async function copyArtifact(
  home: string,
  ref: string,
  form: DeliverForm,
): Promise<{ targets: string[]; text: string; ref: string }> {
  const { resolved, text } = renderArtifact(home, ref, form);
  const targets = await copyText(text);
  consumed(home, resolved);
  return { targets, text, ref: resolved.ref };
}
