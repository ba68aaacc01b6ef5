// Evidence capture: turn pi's tool results and final answers into artifacts (bounded).
import { addArtifact, oneLine } from "./artifacts.js";
import type { Worker } from "./worker.js";

export interface ToolOutcome {
  toolName: string;
  input: Record<string, unknown>;
  content: ReadonlyArray<{ type: string; text?: string }>;
  isError: boolean;
}

export function textOf(content: ReadonlyArray<{ type: string; text?: string }> | unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((c) =>
      c && typeof c === "object" && (c as { type?: string }).type === "text"
        ? String((c as { text?: unknown }).text ?? "")
        : "",
    )
    .join("");
}

/** pi's bash tool reports a non-zero exit as an error ending in `Command exited with code N`. */
export function bashExitCode(text: string, isError: boolean): number | undefined {
  const m = /Command exited with code (\d+)\s*$/.exec(text.trimEnd());
  if (m) return Number(m[1]);
  return isError ? undefined : 0;
}

function pathOf(input: Record<string, unknown>): string | undefined {
  const p = input.path ?? input.file_path;
  return typeof p === "string" ? p.replace(/^@/, "") : undefined;
}

/** Record one finished tool call; our own protocol tools are recorded by their transitions instead. */
export function captureToolResult(w: Worker, r: ToolOutcome): void {
  if (r.toolName.startsWith("docket_")) return;
  const text = textOf(r.content);
  if (r.toolName === "bash") {
    const command = typeof r.input.command === "string" ? r.input.command : "";
    const exitCode = bashExitCode(text, r.isError);
    addArtifact(w, {
      type: "command",
      title: command,
      text: `$ ${command}\n${text}`,
      ...(exitCode !== undefined ? { exitCode } : {}),
    });
    if (r.isError) {
      addArtifact(w, {
        type: "error",
        title: `${exitCode !== undefined ? `exit ${exitCode}` : "failed"}: ${oneLine(command, 100)}`,
        text,
        ...(exitCode !== undefined ? { exitCode } : {}),
      });
    }
    return;
  }
  if ((r.toolName === "edit" || r.toolName === "write") && !r.isError) {
    const path = pathOf(r.input) ?? "(unknown path)";
    const body =
      r.toolName === "write" && typeof r.input.content === "string"
        ? r.input.content
        : JSON.stringify(r.input.edits ?? r.input, null, 1);
    addArtifact(w, { type: "edit", title: `${r.toolName} ${path}`, text: body, path });
    return;
  }
  if (r.isError)
    addArtifact(w, {
      type: "error",
      title: `${r.toolName} failed: ${oneLine(text, 100)}`,
      text,
      ...(pathOf(r.input) ? { path: pathOf(r.input)! } : {}),
    });
}

interface MessageLike {
  role?: string;
  content?: unknown;
  stopReason?: string;
  errorMessage?: string;
}

export function lastAssistant(messages: readonly unknown[]): MessageLike | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as MessageLike | undefined;
    if (m && m.role === "assistant") return m;
  }
  return undefined;
}

/** The run's final assistant text, if it said anything. */
export function captureAnswer(w: Worker, messages: readonly unknown[]): void {
  const m = lastAssistant(messages);
  if (!m || m.stopReason === "error") return;
  const text = textOf(m.content).trim();
  if (text) addArtifact(w, { type: "answer", title: text, text });
}
