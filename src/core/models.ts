// What pi can run: its `--list-models` rows and the thinking levels its --thinking takes. The one
// listing `docket doctor` and `docket spawn` both use (spawn caches it: workers/models.ts).
import { spawnSync } from "node:child_process";

/** pi's `--thinking <level>` values (pi 0.x and 1.x alike; 1.x also has `max`, not offered here). */
export const THINKING_LEVELS = ["off", "minimal", "low", "medium", "high", "xhigh"] as const;
export type ThinkingLevel = (typeof THINKING_LEVELS)[number];

export function isThinkingLevel(v: string): v is ThinkingLevel {
  return (THINKING_LEVELS as readonly string[]).includes(v);
}

/** Rows of `pi --list-models`: the models pi has auth for, as `provider/model`. */
export function parseModelList(out: string): string[] {
  const rows = out.split("\n").map((l) => l.trim().split(/\s+/));
  const head = rows.findIndex((r) => r[0] === "provider" && r[1] === "model");
  return head < 0
    ? []
    : rows
        .slice(head + 1)
        .filter((r) => r.length >= 2 && r[0])
        .map((r) => `${r[0]}/${r[1]}`);
}

/** Whether `name` (`provider/model`, a bare `model`, either with pi's `:<thinking>` suffix) is one of `models`. */
export function modelIn(models: string[], name: string): boolean {
  const colon = name.lastIndexOf(":");
  const bare = colon > 0 && isThinkingLevel(name.slice(colon + 1)) ? name.slice(0, colon) : name;
  return models.some((m) => m === bare || m.split("/").slice(1).join("/") === bare);
}

export type ModelListing = { ok: true; models: string[] } | { ok: false; missing: boolean; why: string };

/** `pi --list-models`, offline (no network probes). */
export function listPiModels(pi: string[], env: NodeJS.ProcessEnv): ModelListing {
  const r = spawnSync(pi[0]!, [...pi.slice(1), "--list-models"], {
    env: { ...env, PI_OFFLINE: "1" },
    encoding: "utf8",
    timeout: 15_000,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim();
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT")
    return { ok: false, missing: true, why: "pi not found" };
  if (r.status !== 0) return { ok: false, missing: false, why: out.split("\n")[0]?.trim() || `exit ${r.status}` };
  // pi prints the table on stderr (stdout in some versions): both are read.
  return { ok: true, models: parseModelList(out) };
}
