// Artifact id prefixes (`c1` command, `e1` error, …): a public contract shared by the worker extension,
// which assigns ids, and the store, which parses refs. Import-free at runtime (the extension loads it).
import type { Artifact } from "./schema.js";

export type ArtifactType = Artifact["type"];

export const ARTIFACT_PREFIX: Readonly<Record<ArtifactType, string>> = {
  command: "c",
  error: "e",
  edit: "f",
  answer: "a",
  question: "q",
  summary: "s",
  note: "n",
  terminal: "t",
};
