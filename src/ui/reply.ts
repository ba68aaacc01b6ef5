// `r` in a popup: write a multi-line reply in the editor and send it to the worker; `b`: the same to
// every running worker of the project (docket broadcast).
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

export async function broadcastFrom(
  home: string,
  workers: WorkerStatus[],
  project: string | undefined,
): Promise<string> {
  const { broadcastTargets, broadcast } = await import("../workers/broadcast.js");
  const { readArtifactsOf } = await import("../store/artifacts.js");
  const to = broadcastTargets(
    workers,
    readArtifactsOf(
      home,
      workers.map((w) => w.id),
    ),
    { project },
  );
  if (!to.length) return "broadcast: no running worker here";
  const text = editText(
    `Broadcast to ${to.map((w) => w.label).join(", ")} (every running worker${project ? " of this project" : ""})`,
  );
  if (!text) return "broadcast cancelled (empty)";
  const r = await broadcast(home, workers, text, project ? { project } : {});
  return (
    `broadcast to ${r.sent.map((s) => s.label).join(", ") || "nobody"}` +
    `${r.failed.length ? ` · not sent: ${r.failed.map((f) => f.label).join(", ")}` : ""}`
  );
}
