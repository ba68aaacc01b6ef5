// Must-show 5: bad input gives one clear line and a non-zero exit, and leaves other workers alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, rmSync, symlinkSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { execaSync } from "execa";
import { makeRepo, type Sandbox } from "../helpers/sandbox.js";
import { makeFakeFleet } from "../helpers/drill.js";
import { listWorkers } from "../../src/store/workers.js";

function oneLine(stderr: string): string {
  const lines = stderr.trim().split("\n");
  expect(lines, stderr).toHaveLength(1);
  return lines[0]!;
}

describe("bad input", () => {
  let sb: Sandbox;
  let repo: string;
  let good: string;
  beforeAll(async () => {
    ({ sb, repo } = await makeFakeFleet());
    const r = await sb.docket(["spawn", "--as", "scout", "--", "the good worker"], { cwd: repo });
    expect(r.exitCode, r.stderr).toBe(0);
    good = r.stdout.split(" ")[0]!;
  });
  afterAll(async () => sb?.cleanup());

  const goodStillRunning = async () => {
    const r = await sb.docket(["workers", "--json"], { cwd: repo });
    expect(r.exitCode, r.stderr).toBe(0);
    const ws = JSON.parse(r.stdout) as Array<{ label: string; state: string }>;
    expect(ws.find((w) => w.label === good)?.state).toBe("starting");
  };

  it.each([
    ["w99999", "docket: unknown worker: w99999"],
    ["../../etc/passwd", 'docket: invalid worker ref: "../../etc/passwd" (use wN, N or an id)'],
    ["w-1", "docket: unknown worker: w-1"],
  ])("ref %s is refused", async (ref, msg) => {
    for (const args of [
      ["show", ref],
      ["tell", ref, "hi"],
      ["stop", ref],
      ["delete", ref],
      ["respawn", ref],
    ]) {
      const r = await sb.docket(args, { cwd: repo });
      expect(r.exitCode, args.join(" ")).not.toBe(0);
      expect(oneLine(r.stderr)).toBe(msg);
    }
    await goodStillRunning();
  });

  it("an unknown kind warns and falls back to default", async () => {
    const r = await sb.docket(["spawn", "--as", "wizard", "--json", "--", "kind fallback"], { cwd: repo });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(oneLine(r.stderr)).toMatch(/^docket: warning: unknown kind "wizard" \(known: .*\); using "default"$/);
    expect(JSON.parse(r.stdout).kind).toBe("default");
    await sb.docket(["delete", JSON.parse(r.stdout).label], { cwd: repo });
  });

  it("a malformed status.json is named and the other workers are still listed", async () => {
    const dir = join(sb.home, "workers", "broken-0000");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "status.json"), "{ not json");
    const r = await sb.docket(["workers", "--json"], { cwd: repo });
    expect(r.exitCode).toBe(0);
    expect(oneLine(r.stderr)).toContain(join(dir, "status.json"));
    await goodStillRunning();
    const s = await sb.docket(["show", "broken-0000"], { cwd: repo });
    expect(s.exitCode).not.toBe(0);
    expect(oneLine(s.stderr)).toContain(`${join(dir, "status.json")}: invalid JSON`);
    rmSync(dir, { recursive: true });
  });

  it("a malformed project config is refused naming the file and key", async () => {
    const bad = await makeRepo(join(sb.dir, "badcfg"));
    mkdirSync(join(bad, ".pi"), { recursive: true });
    writeFileSync(join(bad, ".pi", "docket.json"), JSON.stringify({ worker: { maxActiv: 2 } }));
    const r = await sb.docket(["spawn", "--", "cfg"], { cwd: bad });
    expect(r.exitCode).not.toBe(0);
    expect(oneLine(r.stderr)).toBe(`docket: config ${join(bad, ".pi", "docket.json")}: worker.maxActiv: unknown key`);
    await goodStillRunning();
  });

  it("a malformed kind file is named and skipped", async () => {
    const kinds = join(repo, ".pi", "docket", "worker-kinds");
    mkdirSync(kinds, { recursive: true });
    writeFileSync(join(kinds, "broken.md"), "---\nname: broken\nwritable: maybe\n---\nrules\n");
    const r = await sb.docket(["kinds"], { cwd: repo });
    expect(r.exitCode).toBe(0);
    expect(oneLine(r.stderr)).toMatch(
      new RegExp(`^docket: warning: kind file ${join(kinds, "broken.md")}: writable: .*; skipped$`),
    );
    expect(r.stdout).toMatch(/^scout /m);
    rmSync(join(kinds, "broken.md"));
  });

  it("tmux missing: one line, nothing left behind", async () => {
    const bin = join(sb.dir, "bin-no-tmux");
    mkdirSync(bin, { recursive: true });
    for (const tool of ["node", "git", "dirname", "readlink"]) {
      symlinkSync(execaSync("sh", ["-c", `command -v ${tool}`]).stdout.trim(), join(bin, tool));
    }
    const before = readdirSync(join(sb.home, "workers")).length;
    const r = await sb.docket(["spawn", "--", "no tmux"], { cwd: repo, env: { PATH: bin } });
    expect(r.exitCode).not.toBe(0);
    expect(oneLine(r.stderr)).toBe("docket: tmux not found on PATH; install tmux 3.2 or newer");
    expect(readdirSync(join(sb.home, "workers")).length).toBe(before);
  });

  it("pi missing: refused before anything is created", async () => {
    const before = readdirSync(join(sb.home, "workers")).length;
    const r = await sb.docket(["spawn", "--", "no pi"], { cwd: repo, env: { DOCKET_PI: "/nonexistent" } });
    expect(r.exitCode).not.toBe(0);
    expect(oneLine(r.stderr)).toMatch(/^docket: pi not found: \/nonexistent/);
    expect(readdirSync(join(sb.home, "workers")).length).toBe(before);
    await goodStillRunning();
  });

  it("no fleet slots: refused with the count", async () => {
    writeFileSync(join(sb.agentDir, "docket.json"), JSON.stringify({ worker: { maxActive: 1 } }));
    try {
      const r = await sb.docket(["spawn", "--", "one too many"], { cwd: repo });
      expect(r.exitCode).not.toBe(0);
      expect(oneLine(r.stderr)).toBe("docket: fleet full: 1 of 1 workers running (worker.maxActive)");
    } finally {
      writeFileSync(join(sb.agentDir, "docket.json"), "{}");
    }
    expect(listWorkers(sb.home).workers.filter((w) => w.state === "starting")).toHaveLength(1);
    await goodStillRunning();
  });
});
