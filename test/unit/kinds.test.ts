import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadKinds, parseKind, resolveKind } from "../../src/core/kinds.js";

function world() {
  const dir = mkdtempSync(join(tmpdir(), "docket-kinds-"));
  const home = join(dir, "home");
  const repo = join(dir, "repo");
  const userKinds = join(home, "worker-kinds");
  const projectKinds = join(repo, ".pi", "docket", "worker-kinds");
  mkdirSync(userKinds, { recursive: true });
  mkdirSync(projectKinds, { recursive: true });
  return { home, repo, userKinds, projectKinds };
}

describe("worker kinds", () => {
  it("ships default, scout (read-only) and patcher (writable, plan-gated, may spawn scout)", () => {
    const w = world();
    const { kinds, problems } = loadKinds(w.home, w.repo);
    expect(problems).toEqual([]);
    expect(kinds.get("default")).toMatchObject({ writable: true, planGate: false });
    expect(kinds.get("scout")).toMatchObject({ writable: false, planGate: false, childKinds: [] });
    expect(kinds.get("patcher")).toMatchObject({ writable: true, planGate: true, childKinds: ["scout"] });
  });

  it("parses frontmatter (inline and dash lists) and keeps the body as rules", () => {
    const k = parseKind(
      "---\nname: reviewer\ndescription: \"reads diffs\"\nwritable: false\nplanGate: true\nchildKinds:\n  - scout\n  - 'default'\nmodel: fake/fake-model\nsession: full\n---\nOnly review.\nNever edit.\n",
      "/x/reviewer.md",
    );
    expect(k).toEqual({
      name: "reviewer",
      description: "reads diffs",
      writable: false,
      planGate: true,
      requirePlan: false,
      childKinds: ["scout", "default"],
      model: "fake/fake-model",
      session: "full",
      rules: "Only review.\nNever edit.",
      source: "/x/reviewer.md",
    });
    expect(parseKind("---\nname: tiny\nchildKinds: [scout, patcher]\n---\n", "f").childKinds).toEqual([
      "scout",
      "patcher",
    ]);
    expect(parseKind("---\nname: planner\nrequirePlan: true\n---\n", "f").requirePlan).toBe(true);
  });

  it("project kinds override store kinds, which override built-ins", () => {
    const w = world();
    writeFileSync(join(w.userKinds, "scout.md"), "---\nname: scout\ndescription: user scout\n---\n");
    writeFileSync(join(w.userKinds, "mine.md"), "---\nname: mine\ndescription: user\n---\n");
    writeFileSync(join(w.projectKinds, "mine.md"), "---\nname: mine\ndescription: project\nwritable: true\n---\n");
    const { kinds } = loadKinds(w.home, w.repo);
    expect(kinds.get("scout")?.description).toBe("user scout");
    expect(kinds.get("mine")).toMatchObject({
      description: "project",
      writable: true,
      source: join(w.projectKinds, "mine.md"),
    });
  });

  it("reports a malformed kind file by name, skips it, and keeps the rest", () => {
    const w = world();
    writeFileSync(join(w.projectKinds, "a-nofront.md"), "just text\n");
    writeFileSync(join(w.projectKinds, "b-badbool.md"), "---\nname: bad\nwritable: maybe\n---\n");
    writeFileSync(join(w.projectKinds, "c-unknown.md"), "---\nname: odd\ncolour: red\n---\n");
    writeFileSync(join(w.projectKinds, "d-badname.md"), "---\nname: ../etc\n---\n");
    writeFileSync(join(w.projectKinds, "e-good.md"), "---\nname: good\n---\n");
    const { kinds, problems } = loadKinds(w.home, w.repo);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toBe(
      `kind file ${join(w.projectKinds, "a-nofront.md")}: missing frontmatter (--- … ---); skipped`,
    );
    expect(problems[1]).toMatch(new RegExp(`^kind file ${join(w.projectKinds, "b-badbool.md")}: writable: `));
    expect(problems[2]).toBe(`kind file ${join(w.projectKinds, "c-unknown.md")}: colour: unknown key; skipped`);
    expect(problems[3]).toMatch(/d-badname\.md: name: must be lowercase/);
    expect(kinds.has("good")).toBe(true);
    expect(kinds.has("bad")).toBe(false);
  });

  it("an unknown kind warns and falls back to the configured default, else `default`", () => {
    const w = world();
    const set = loadKinds(w.home, w.repo);
    expect(resolveKind(set, "scout", "default")).toEqual({ kind: set.kinds.get("scout") });
    expect(resolveKind(set, undefined, "patcher").kind.name).toBe("patcher");
    const r = resolveKind(set, "wizard", "default");
    expect(r.kind.name).toBe("default");
    expect(r.warning).toBe(
      'unknown kind "wizard" (known: default, scout, patcher, architect, implementer); using "default"',
    );
    const r2 = resolveKind(set, undefined, "nope");
    expect(r2.kind.name).toBe("default");
    expect(r2.warning).toMatch(/^unknown kind "nope"/);
  });
});
