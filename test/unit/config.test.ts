import { describe, expect, it } from "vitest";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_CONFIG, loadConfig } from "../../src/core/config.js";

function world() {
  const dir = mkdtempSync(join(tmpdir(), "docket-cfg-"));
  const agent = join(dir, "agent");
  const repo = join(dir, "repo");
  mkdirSync(agent, { recursive: true });
  mkdirSync(join(repo, ".pi"), { recursive: true });
  return { agent, repo, env: { PI_CODING_AGENT_DIR: agent } as NodeJS.ProcessEnv };
}

describe("config", () => {
  it("uses the documented defaults when no file exists", () => {
    const w = world();
    const cfg = loadConfig(w.repo, w.env);
    expect(cfg.worker).toMatchObject({
      maxActive: 8,
      dockIdleHideMinutes: 30,
      pruneAfterHours: 24,
      maxSpawnDepth: 2,
      defaultKind: "default",
    });
  });

  it("layers the project file over the user file", () => {
    const w = world();
    writeFileSync(join(w.agent, "docket.json"), JSON.stringify({ worker: { maxActive: 3, model: "fake/fake-model" } }));
    writeFileSync(join(w.repo, ".pi", "docket.json"), JSON.stringify({ worker: { maxActive: 5 } }));
    const cfg = loadConfig(w.repo, w.env);
    expect(cfg.worker.maxActive).toBe(5);
    expect(cfg.worker.model).toBe("fake/fake-model");
    expect(cfg.worker.pruneAfterHours).toBe(DEFAULT_CONFIG.worker.pruneAfterHours);
  });

  it("names the file and the key of an unknown key", () => {
    const w = world();
    const file = join(w.repo, ".pi", "docket.json");
    writeFileSync(file, JSON.stringify({ worker: { maxActiv: 3 } }));
    expect(() => loadConfig(w.repo, w.env)).toThrow(`config ${file}: worker.maxActiv: unknown key`);
  });

  it("names the file and key of a wrongly typed value", () => {
    const w = world();
    const file = join(w.agent, "docket.json");
    writeFileSync(file, JSON.stringify({ worker: { maxActive: "lots" } }));
    expect(() => loadConfig(undefined, w.env)).toThrow(new RegExp(`^config ${file}: worker\\.maxActive: `));
  });

  it("reports invalid JSON as one line naming the file", () => {
    const w = world();
    const file = join(w.agent, "docket.json");
    writeFileSync(file, "{ worker: ");
    expect(() => loadConfig(undefined, w.env)).toThrow(`config ${file}: invalid JSON`);
  });
});
