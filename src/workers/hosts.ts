// What a host says about itself (`docket hosts`, `docket doctor --host`): one `remote hello` over ssh,
// answered by the remote docket's own checks (tmux, node, git, pi with a usable model, its build).
import { errorMessage } from "../core/errors.js";
import type { Host } from "../store/hosts.js";
import { call, HostUnreachable } from "../remote/ssh.js";

export interface HostCheck {
  name: string;
  level: "ok" | "warn" | "fail" | "info";
  detail: string;
}

export interface Hello {
  name: string;
  destination: string;
  ok: boolean;
  error?: string;
  versions: Record<string, string>;
  checks: HostCheck[];
}

function isCheck(v: unknown): v is HostCheck {
  const c = v as HostCheck;
  return !!c && typeof c.name === "string" && typeof c.detail === "string" && typeof c.level === "string";
}

export async function hello(home: string, host: Host, env: NodeJS.ProcessEnv = process.env): Promise<Hello> {
  const base = { name: host.name, destination: host.destination, versions: {} as Record<string, string> };
  try {
    const { result } = await call(home, host, "hello", {}, { env, timeoutMs: 30_000 });
    const checks = (Array.isArray(result.checks) ? result.checks : []).filter(isCheck).map((c) => ({
      name: String(c.name),
      level: (["ok", "warn", "fail", "info"].includes(c.level) ? c.level : "fail") as HostCheck["level"],
      detail: String(c.detail),
    }));
    const versions: Record<string, string> = { docket: String(result.docket ?? "?") };
    for (const c of checks)
      if (c.level === "ok" && ["node", "tmux", "git", "pi"].includes(c.name)) versions[c.name] = c.detail;
    return { ...base, ok: true, versions, checks };
  } catch (err) {
    const why = err instanceof HostUnreachable ? err.why : errorMessage(err);
    return { ...base, ok: false, error: why, checks: [] };
  }
}

/** `docket doctor --host`: ssh first, then each remote check, with what to install where it fails. */
export async function doctorHost(home: string, host: Host, env: NodeJS.ProcessEnv = process.env): Promise<HostCheck[]> {
  const h = await hello(home, host, env);
  if (!h.ok) {
    const fix = /not found|cannot run|command not found|No such file/i.test(h.error ?? "")
      ? `install docket on ${host.name} (npm i -g docket) or set its command: ` +
        `docket hosts add ${host.name} ${host.destination} --command '<path to docket>'`
      : `check that \`ssh ${host.destination}\` works without a prompt (keys, agent, ~/.ssh/config)`;
    return [{ name: "ssh", level: "fail", detail: `${h.error}: ${fix}` }];
  }
  return [
    { name: "ssh", level: "ok", detail: `${host.destination} (one shared connection)` },
    { name: "docket", level: "ok", detail: h.versions.docket ?? "?" },
    ...h.checks.map((c) => ({ ...c, detail: c.level === "fail" ? `on ${host.name}: ${c.detail}` : c.detail })),
  ];
}
