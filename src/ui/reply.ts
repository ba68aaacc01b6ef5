// `r` in a popup: write a multi-line reply in the editor and send it to the worker.
import type { WorkerStatus } from "../core/schema.js";
import { editText } from "./editor.js";

export async function replyTo(home: string, w: WorkerStatus): Promise<string> {
  const q = w.question && !w.question.answeredAt ? `\nQuestion: ${w.question.text}` : "";
  const text = editText(`Reply to ${w.label} · ${w.task.split("\n")[0]}${q}`);
  if (!text) return "reply cancelled (empty)";
  const { tellWorker } = await import("../workers/tell.js");
  const r = await tellWorker(home, w, text);
  return `sent reply to ${w.label} (${r.via})`;
}
