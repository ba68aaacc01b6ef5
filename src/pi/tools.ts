// The six protocol tools. Parameters are plain JSON Schema (no typebox at runtime); pi checks
// the shape, validate.ts checks the meaning, and a bad call comes back as readable text.
import { execFile } from "node:child_process";
import { join } from "node:path";
import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";
import { appendEvent } from "../store/events.js";
import { applyDone, applyFail, applyNote, applyWait, type ProtocolOutcome } from "./protocol.js";
import { loadKinds } from "../core/kinds.js";
import { currentStatus, transition } from "./transitions.js";
import {
  checkDone,
  checkFail,
  checkNote,
  checkSpawnChild,
  checkTodos,
  checkWait,
  MAX_NOTE,
  MAX_TODOS,
  NOTE_LEVELS,
  OUTCOMES,
  SCOPES,
  TODO_STATES,
  type Checked,
} from "./validate.js";
import { logProblem, type Worker } from "./worker.js";

type ToolDef = Parameters<ExtensionAPI["registerTool"]>[0];
interface ToolResult {
  content: Array<{ type: "text"; text: string }>;
  details: Record<string, unknown>;
  terminate?: boolean;
}

export const TOOL_NAMES = [
  "docket_todos",
  "docket_wait",
  "docket_done",
  "docket_fail",
  "docket_spawn_child",
  "docket_note",
] as const;

function reply(text: string, extra: Partial<ToolResult> = {}): ToolResult {
  return { content: [{ type: "text", text }], details: {}, ...extra };
}

/** Protocol tools end the turn only when the transition was recorded; otherwise the model may retry. */
function protocolReply(r: ProtocolOutcome): ToolResult {
  return reply(r.message, { details: { state: r.state ?? null }, ...(r.ok ? { terminate: true } : {}) });
}

const str = (description: string) => ({ type: "string", description });
const list = (description: string) => ({ type: "array", items: { type: "string" }, description });

export interface ToolHooks {
  /** Called after a protocol transition (wait/done/fail) was recorded in this agent run. */
  onProtocol(): void;
}

function define(
  name: string,
  label: string,
  description: string,
  parameters: object,
  run: (args: unknown) => Promise<ToolResult> | ToolResult,
  w: Worker,
): ToolDef {
  return {
    name,
    label,
    description,
    parameters,
    async execute(_id: string, params: unknown) {
      try {
        return await run(params);
      } catch (err) {
        logProblem(w, name, err);
        return reply(
          `${name}: docket hit an internal problem (${err instanceof Error ? err.message : String(err)}); ` +
            `try again once`,
        );
      }
    },
  } as unknown as ToolDef;
}

function checked<T>(c: Checked<T>, then: (v: T) => ToolResult | Promise<ToolResult>): ToolResult | Promise<ToolResult> {
  return c.ok ? then(c.value) : reply(c.error, { details: { invalid: true } });
}

/** `bin/docket spawn --parent <id> --as <kind> --json -- <task>`; no shell, the task is one argv entry. */
function spawnChild(w: Worker, kind: string, task: string): Promise<ToolResult> {
  const bin = join(w.root, "bin", "docket");
  return new Promise((resolve) => {
    execFile(
      bin,
      ["spawn", "--parent", w.id, "--as", kind, "--json", "--", task],
      { timeout: 120_000, maxBuffer: 4 * 1024 * 1024, env: process.env },
      (err, stdout, stderr) => {
        if (err) {
          const why = (String(stderr).trim().split("\n").filter(Boolean).pop() || err.message).replace(
            /^docket:\s*/,
            "",
          );
          resolve(reply(`docket_spawn_child refused: ${why}`, { details: { refused: true } }));
          return;
        }
        let label = "";
        let id = "";
        try {
          const j = JSON.parse(String(stdout)) as { label?: unknown; id?: unknown };
          label = typeof j.label === "string" ? j.label : "";
          id = typeof j.id === "string" ? j.id : "";
        } catch {
          /* older CLI without --json output: report the text */
        }
        const who = label || id ? `${label} ${id}`.trim() : String(stdout).trim();
        resolve(
          reply(
            `Spawned child worker ${who} (kind ${kind}). It reports to the parent on its own; continue your task.`,
            { details: { label, id } },
          ),
        );
      },
    );
  });
}

/** Whether this worker's kind must finish with a plan (architect): the kind as loaded now. */
function requiresPlan(w: Worker): boolean {
  const s = currentStatus(w);
  if (!s) return false;
  return loadKinds(w.home, s.project).kinds.get(s.kind)?.requirePlan ?? false;
}

export function protocolTools(w: Worker, hooks: ToolHooks): ToolDef[] {
  const protocol = (r: ProtocolOutcome) => {
    if (r.ok) hooks.onProtocol();
    return protocolReply(r);
  };
  return [
    define(
      "docket_todos",
      "Docket todos",
      `Publish your short ordered checklist (at most ${MAX_TODOS} items) for the parent. Replaces the whole board ` +
        `each call.`,
      {
        type: "object",
        properties: {
          items: {
            type: "array",
            description: "The full board, in order",
            items: {
              type: "object",
              properties: {
                id: str("optional stable id"),
                text: str("what to do"),
                state: { type: "string", enum: [...TODO_STATES] },
                note: str("optional short note"),
              },
              required: ["text"],
            },
          },
        },
        required: ["items"],
      },
      (args) =>
        checked(checkTodos(args), (items) => {
          const ok = transition(w, "docket_todos", (s) => {
            s.todos = items;
            s.lastActivityAt = new Date().toISOString();
            return s;
          });
          appendEvent(w.paths.events, "todo", { items });
          return reply(
            ok
              ? `Board updated (${items.length} item(s)).`
              : "docket could not update the board; continue and try later",
          );
        }),
      w,
    ),
    define(
      "docket_wait",
      "Docket wait",
      "Ask the parent one concise question and pause. Give 2-4 `options` and `recommend` one of them when the answer " +
        "is a choice; set `risk` for irreversible or unauthorized actions. Ends your turn.",
      {
        type: "object",
        properties: {
          question: str("one concise question (several as 1) … 2) …)"),
          options: list("2-4 concrete choices"),
          recommend: str("the option you would pick, exactly as written in options"),
          risk: str("one line on what is at stake, for irreversible or unauthorized actions"),
        },
        required: ["question"],
      },
      (args) => checked(checkWait(args), (q) => protocol(applyWait(w, q))),
      w,
    ),
    define(
      "docket_done",
      "Docket done",
      "Mark your output ready for the parent's review: a one or two sentence summary, short evidence entries, action " +
        "bullets in recommended. Freezes your change set. Ends your turn.",
      {
        type: "object",
        properties: {
          outcome: { type: "string", enum: [...OUTCOMES] },
          summary: str("one or two sentences of plain prose"),
          evidence: list("searched paths, commands run, files read or changed, concrete observations"),
          recommended: list("short, self-contained action bullets"),
          scopeConfidence: {
            type: "string",
            enum: [...SCOPES],
            description: "clear only when the task had enough scope to finish without asking",
          },
          plan: {
            type: "object",
            description: "a structured plan to implement (required for an architect): ordered steps",
            properties: {
              steps: {
                type: "array",
                items: {
                  type: "object",
                  properties: {
                    title: str("short imperative step title"),
                    files: list("repo-relative files the step changes"),
                    check: str("how to tell the step worked"),
                  },
                  required: ["title", "check"],
                },
              },
            },
            required: ["steps"],
          },
        },
        required: ["summary"],
      },
      (args) => checked(checkDone(args, { requirePlan: requiresPlan(w) }), (d) => protocol(applyDone(w, d))),
      w,
    ),
    define(
      "docket_fail",
      "Docket fail",
      "Mark that you cannot continue and have nothing useful to hand back. One specific sentence. Ends your turn.",
      {
        type: "object",
        properties: { reason: str("specific reason, e.g. `migrate exited 1: missing DATABASE_URL`") },
        required: ["reason"],
      },
      (args) => checked(checkFail(args), (f) => protocol(applyFail(w, f.reason))),
      w,
    ),
    define(
      "docket_spawn_child",
      "Docket spawn child",
      "Start a child worker of a kind your own kind may spawn, for a focused sub-task. Depth-limited; a refusal " +
        "explains why.",
      {
        type: "object",
        properties: { kind: str("worker kind, e.g. scout"), task: str("the child's complete task") },
        required: ["kind", "task"],
      },
      (args) => checked(checkSpawnChild(args), (c) => spawnChild(w, c.kind, c.task)),
      w,
    ),
    define(
      "docket_note",
      "Docket note",
      `Tell the parent something that needs no answer (a finding worth knowing now, an assumption you made, a risk ` +
        `you noticed) and keep working. level heads-up also flags it in the parent's status line. Does not end ` +
        `your turn; at most ${MAX_NOTE} characters.`,
      {
        type: "object",
        properties: {
          text: str("the note, one or two sentences"),
          level: { type: "string", enum: [...NOTE_LEVELS], description: "info (default) or heads-up" },
        },
        required: ["text"],
      },
      (args) =>
        checked(checkNote(args), (n) => {
          const r = applyNote(w, n);
          return reply(r.message, { details: { note: r.ok } });
        }),
      w,
    ),
  ];
}
