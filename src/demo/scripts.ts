// The demo fleet: one scripted model conversation per worker, matched by its task text, and the
// state each worker must reach. Together they cover every state the inbox ranks.
import type { Script } from "./model-server.js";

export interface DemoWorker {
  /** Short name used in logs. */
  role: string;
  /** Task text given to `docket spawn`; the model script matches on it. */
  task: string;
  /** Persisted state the worker must reach before the demo is "ready". */
  expect: "needs_input" | "ready" | "failed" | "active";
  script: Script;
}

const QUESTION = "Add retries with backoff to fetchUser in src/api.js";
const FIX = "Fix the greeting typo in src/greet.js so the test passes";
const FLAKY = "Run the test suite and report what fails";
const DOCS = "Document the public API of the greeter in README.md";
const OVERLAP = "Make greet() trim whitespace from the name in src/greet.js";

export const DEMO_FLEET: DemoWorker[] = [
  {
    role: "question",
    task: QUESTION,
    expect: "needs_input",
    script: {
      match: QUESTION,
      steps: [
        { tools: [{ name: "read", args: { path: "src/api.js" } }] },
        {
          tools: [
            {
              name: "docket_todos",
              args: {
                items: [
                  { text: "Read the API client", state: "completed" },
                  { text: "Choose a retry policy", state: "in_progress" },
                  { text: "Implement and test", state: "pending" },
                ],
              },
            },
          ],
        },
        {
          tools: [
            {
              name: "docket_wait",
              args: {
                question: "fetchUser has no retry today. Which policy should I implement?",
                options: [
                  "3 retries, exponential backoff (200ms, 400ms, 800ms)",
                  "Retry once after 1s",
                  "No retries; surface the error to the caller",
                ],
                recommend: "3 retries, exponential backoff (200ms, 400ms, 800ms)",
                risk: "Retrying non-idempotent calls can duplicate writes; fetchUser is a GET, so this is safe here.",
              },
            },
          ],
        },
      ],
      after: { text: "Understood, proceeding with that." },
    },
  },
  {
    role: "ready",
    task: FIX,
    expect: "ready",
    script: {
      match: FIX,
      steps: [
        { tools: [{ name: "bash", args: { command: "node test/greet.test.js; echo exit=$?" } }] },
        {
          tools: [
            { name: "edit", args: { path: "src/greet.js", edits: [{ oldText: '"Helo, "', newText: '"Hello, "' }] } },
          ],
        },
        { tools: [{ name: "bash", args: { command: "node test/greet.test.js && echo tests pass" } }] },
        {
          tools: [
            {
              name: "docket_done",
              args: {
                outcome: "completed",
                summary: 'Fixed the typo "Helo" → "Hello" in greet(); test/greet.test.js passes.',
                evidence: ["node test/greet.test.js exits 0 after the fix (exit 1 before)"],
                recommended: ["Accept and promote the one-line change"],
                scopeConfidence: "clear",
              },
            },
          ],
        },
      ],
    },
  },
  {
    role: "failed",
    task: FLAKY,
    expect: "failed",
    script: {
      match: FLAKY,
      steps: [
        { tools: [{ name: "bash", args: { command: "npm test 2>&1 | tail -5; echo 'suite exited with 1'" } }] },
        // The worker's pi process dies mid-run (as an out-of-memory kill would): the pane-died hook
        // harvests the pane tail and records the exit code.
        { tools: [{ name: "bash", args: { command: "echo 'worker crashing now'; kill -KILL $PPID" } }] },
      ],
    },
  },
  {
    role: "working",
    task: DOCS,
    expect: "active",
    script: {
      match: DOCS,
      steps: [
        {
          tools: [
            {
              name: "docket_todos",
              args: {
                items: [
                  { text: "List exported functions", state: "completed" },
                  { text: "Write usage examples", state: "in_progress" },
                  { text: "Document error behaviour of fetchUser", state: "pending" },
                  { text: "Proofread", state: "pending" },
                ],
              },
            },
          ],
        },
        // The model "thinks" forever: this worker stays busy for the whole demo.
        { hang: true },
      ],
    },
  },
  {
    role: "overlap",
    task: OVERLAP,
    expect: "ready",
    script: {
      match: OVERLAP,
      steps: [
        {
          tools: [
            {
              name: "edit",
              args: {
                path: "src/greet.js",
                edits: [{ oldText: "const who = name;", newText: "const who = name.trim();" }],
              },
            },
          ],
        },
        {
          tools: [
            {
              name: "docket_done",
              args: {
                outcome: "completed",
                summary: "greet() now trims the name before greeting.",
                evidence: ["src/greet.js: name.trim()"],
                recommended: ["Promote after the typo fix; both edit src/greet.js"],
                scopeConfidence: "clear",
              },
            },
          ],
        },
      ],
    },
  },
];
