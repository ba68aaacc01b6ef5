// Pins the worker extension's public names against docs/contract.md.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { protocolTools, TOOL_NAMES } from "../../src/pi/tools.js";
import { PREFIX } from "../../src/pi/artifacts.js";
import { workerPaths } from "../../src/store/layout.js";

const ROOT = join(import.meta.dirname, "..", "..");
const contract = readFileSync(join(ROOT, "docs", "contract.md"), "utf8");
const section = contract.slice(contract.indexOf("## Worker extension (src/pi)"));

describe("worker extension contract", () => {
  const tools = protocolTools(
    { id: "x", home: "/nowhere", paths: workerPaths("/nowhere", "x"), root: ROOT },
    { onProtocol: () => undefined },
  ) as unknown as Array<{
    name: string;
    parameters: { properties: Record<string, unknown>; required: string[] };
  }>;

  it("keeps the tool names and their parameters", () => {
    expect(tools.map((t) => t.name)).toEqual([...TOOL_NAMES]);
    expect(TOOL_NAMES).toEqual([
      "docket_todos",
      "docket_wait",
      "docket_done",
      "docket_fail",
      "docket_spawn_child",
      "docket_note",
    ]);
    const params = Object.fromEntries(
      tools.map((t) => [t.name, { props: Object.keys(t.parameters.properties), required: t.parameters.required }]),
    );
    expect(params).toEqual({
      docket_todos: { props: ["items"], required: ["items"] },
      docket_wait: { props: ["question", "options", "recommend", "risk"], required: ["question"] },
      docket_done: {
        props: ["outcome", "summary", "evidence", "recommended", "scopeConfidence", "plan"],
        required: ["summary"],
      },
      docket_fail: { props: ["reason"], required: ["reason"] },
      docket_spawn_child: { props: ["kind", "task"], required: ["kind", "task"] },
      docket_note: { props: ["text", "level"], required: ["text"] },
    });
  });

  it("documents every tool, parameter and artifact prefix", () => {
    expect(section).not.toBe(contract); // the section exists
    for (const t of tools) {
      expect(section).toContain(`\`${t.name}\``);
      for (const p of Object.keys(t.parameters.properties)) expect(section).toContain(p);
    }
    for (const prefix of Object.values(PREFIX).filter((p) => p !== "t" && p !== "n"))
      expect(section).toMatch(new RegExp(`\`${prefix}\` `));
    for (const field of [
      "headsUp",
      "heartbeatAt",
      "extensionPid",
      "lastActivityAt",
      "remindedAt",
      "reviewedAt",
      "deliveredAt",
      "readAt",
      "DOCKET_WORKER_ID",
    ]) {
      expect(section).toContain(field);
    }
  });
});
