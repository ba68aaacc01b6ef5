// The sshd harness lives in src/bench/sshd.ts (the bench runs it too): one harness, re-exported for the tests.
export * from "../../src/bench/sshd.js";
