// The small git repo the demo's workers work on. Created fresh in the demo's temp dir.
import { execa } from "execa";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const DEMO_FILES: Record<string, string> = {
  "README.md": "# greeter\n\nA tiny service used by the docket demo.\n",
  "package.json":
    JSON.stringify(
      { name: "greeter", version: "1.0.0", type: "module", scripts: { test: "node test/greet.test.js" } },
      null,
      2,
    ) + "\n",
  "src/greet.js":
    "export function greet(name) {\n" +
    "  const who = name;\n" +
    "  // The greeting the test expects.\n" +
    '  return "Helo, " + who + "!";\n' +
    "}\n",
  "src/api.js":
    "export async function fetchUser(id) {\n" +
    '  const res = await fetch("https://api.example.invalid/users/" + id);\n' +
    "  return res.json();\n" +
    "}\n",
  "test/greet.test.js":
    'import { greet } from "../src/greet.js";\n' +
    'if (greet("Ada") !== "Hello, Ada!") {\n' +
    '  console.error("expected Hello, Ada!");\n' +
    "  process.exit(1);\n" +
    "}\n",
};

export async function makeDemoRepo(dir: string, env: NodeJS.ProcessEnv): Promise<string> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const git = (...a: string[]) => execa("git", a, { cwd: dir, env, extendEnv: false, stdin: "ignore" });
  await git("init", "-q", "-b", "main");
  for (const [p, c] of Object.entries(DEMO_FILES)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
  await git("add", "-A");
  await git("commit", "-q", "-m", "greeter: initial version");
  return dir;
}
