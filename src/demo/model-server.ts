// A scripted OpenAI-compatible chat-completions server on 127.0.0.1, for tests, the demo and bench.
// Each request from a conversation consumes that conversation's next step, streamed as SSE.
// A conversation is chosen by the first script whose `match` occurs in the request's first user message.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Token counts a step reports, as an OpenAI-compatible API does in its final chunk (default 100 in, 20 out). */
export interface StepUsage {
  prompt: number;
  completion: number;
  /** Of the prompt tokens, how many were read from the cache (prompt_tokens_details.cached_tokens). */
  cached?: number;
}

export type Step =
  | { text: string; usage?: StepUsage }
  | { tools: Array<{ name: string; args: Record<string, unknown> }>; text?: string; usage?: StepUsage }
  | { error: number; message?: string }
  /** Hold the request open (a worker that goes quiet); released when the server closes. */
  | { hang: true };

export interface Script {
  /** Substring of the conversation's first user message; omit to match anything. */
  match?: string;
  steps: Step[];
  /** What to answer once the steps run out (default: a short text, which ends the turn). */
  after?: Step;
}

export interface RecordedRequest {
  script: number;
  messages: Array<{ role: string; content: unknown }>;
  /** Text of the last user message, as the model received it. */
  lastUser: string;
  tools: string[];
}

export interface ModelServer {
  port: number;
  url: string;
  requests: RecordedRequest[];
  /** Write models.json into a pi agent dir so pi talks to this server as provider `fake`. */
  writeModelsJson(agentDir: string): void;
  close(): Promise<void>;
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content
      .map((p) => (p && typeof p === "object" && "text" in p ? String((p as { text: unknown }).text) : ""))
      .join("");
  return "";
}

function chunk(res: ServerResponse, delta: Record<string, unknown>, finish: string | null = null): void {
  const body = {
    id: "chatcmpl-fake",
    object: "chat.completion.chunk",
    created: 0,
    model: "fake-model",
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
  res.write(`data: ${JSON.stringify(body)}\n\n`);
}

let callSeq = 0;

export const DEFAULT_USAGE: StepUsage = { prompt: 100, completion: 20 };
/** What fake-model costs, USD per million tokens (models.json `cost`), so pi prices its usage. */
export const FAKE_COST = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };

function stream(res: ServerResponse, step: Step): void {
  if ("error" in step) {
    res.writeHead(step.error, { "content-type": "application/json" });
    res.end(
      JSON.stringify({ error: { message: step.message ?? `scripted error ${step.error}`, type: "server_error" } }),
    );
    return;
  }
  if ("hang" in step) return;
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  chunk(res, { role: "assistant", content: "" });
  if ("tools" in step) {
    if (step.text) chunk(res, { content: step.text });
    step.tools.forEach((t, i) => {
      chunk(res, {
        tool_calls: [
          {
            index: i,
            id: `call_${++callSeq}`,
            type: "function",
            function: { name: t.name, arguments: JSON.stringify(t.args) },
          },
        ],
      });
    });
    chunk(res, {}, "tool_calls");
  } else {
    chunk(res, { content: step.text });
    chunk(res, {}, "stop");
  }
  // The final chunk carries the usage, as the real API does with stream_options.include_usage.
  const u = step.usage ?? DEFAULT_USAGE;
  const usage = {
    prompt_tokens: u.prompt,
    completion_tokens: u.completion,
    total_tokens: u.prompt + u.completion,
    prompt_tokens_details: { cached_tokens: u.cached ?? 0 },
  };
  res.write(
    `data: ${JSON.stringify({
      id: "chatcmpl-fake",
      object: "chat.completion.chunk",
      created: 0,
      model: "fake-model",
      choices: [],
      usage,
    })}\n\n`,
  );
  res.end("data: [DONE]\n\n");
}

export async function startModelServer(scripts: Script[]): Promise<ModelServer> {
  const cursors = scripts.map(() => 0);
  const requests: RecordedRequest[] = [];
  const open = new Set<ServerResponse>();

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    if (req.method === "GET" && req.url?.endsWith("/models")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: [{ id: "fake-model", object: "model" }] }));
      return;
    }
    let parsed: {
      messages?: Array<{ role: string; content: unknown }>;
      tools?: Array<{ function?: { name?: string } }>;
    } = {};
    try {
      parsed = JSON.parse(body);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const messages = parsed.messages ?? [];
    const users = messages.filter((m) => m.role === "user");
    const first = textOf(users[0]?.content);
    const idx = scripts.findIndex((s) => s.match === undefined || first.includes(s.match));
    requests.push({
      script: idx,
      messages,
      lastUser: textOf(users[users.length - 1]?.content),
      tools: (parsed.tools ?? []).map((t) => t.function?.name ?? ""),
    });
    if (idx < 0) return stream(res, { text: "no script matches this conversation" });
    const script = scripts[idx]!;
    const step = script.steps[cursors[idx]!] ?? script.after ?? { text: "(scripted model: nothing more to say)" };
    cursors[idx]!++;
    open.add(res);
    res.on("close", () => open.delete(res));
    stream(res, step);
  };

  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}/v1`;
  return {
    port,
    url,
    requests,
    writeModelsJson(agentDir: string) {
      mkdirSync(agentDir, { recursive: true });
      const models = {
        providers: {
          fake: {
            baseUrl: url,
            api: "openai-completions",
            apiKey: "x",
            compat: { supportsDeveloperRole: false, supportsReasoningEffort: false },
            models: [{ id: "fake-model", reasoning: false, cost: FAKE_COST }],
          },
        },
      };
      writeFileSync(join(agentDir, "models.json"), JSON.stringify(models, null, 2));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of open) r.destroy();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
