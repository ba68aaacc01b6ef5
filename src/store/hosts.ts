// hosts.json (core/schema.ts HostsFile): the machines remote workers run on, and hosts/<name>/ for each
// one's bookkeeping: reach.json (what the last contact observed) and the follower's lock. Node built-ins
// only: the status line's publisher reads the reach marks.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ok } from "../core/check.js";
import { DocketError } from "../core/errors.js";
import { parseJson } from "../core/parse.js";
import { type HostEntry, HostReach, HostsFile } from "../core/schema.js";
import { ensureDir, writeJsonAtomic } from "./fsutil.js";
import { withLock } from "./lock.js";

/** A host name: what `spawn --host` and the status line's mark show. No path or shell characters. */
export const HOST_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export interface Host extends HostEntry {
  name: string;
}

export function hostsFile(home: string): string {
  return join(home, "hosts.json");
}

export function hostDir(home: string, name: string): string {
  return join(home, "hosts", name);
}

export function checkHostName(name: string): string {
  if (!HOST_NAME_PATTERN.test(name))
    throw new DocketError(
      `bad host name ${JSON.stringify(name)}: letters, digits, '.', '_' and '-', starting with a letter or digit`,
    );
  return name;
}

function readFile(home: string): HostsFile {
  const file = hostsFile(home);
  if (!existsSync(file)) return { v: 1, hosts: {} };
  return parseJson(HostsFile, file, readFileSync(file, "utf8"));
}

/** Every configured host, by name; a malformed hosts.json is an error naming the file and field. */
export function readHosts(home: string): Host[] {
  return Object.entries(readFile(home).hosts)
    .map(([name, h]) => ({ name, ...h }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function getHost(home: string, name: string): Host {
  const h = readFile(home).hosts[name];
  if (!h) {
    const known = Object.keys(readFile(home).hosts);
    throw new DocketError(
      `unknown host "${name}"${known.length ? ` (known: ${known.join(", ")})` : ""}: ` +
        `docket hosts add ${name} <ssh-destination>`,
    );
  }
  return { name, ...h };
}

function edit(home: string, fn: (f: HostsFile) => void): void {
  ensureDir(home);
  withLock(join(home, "hosts.json.lock"), () => {
    const f = readFile(home);
    fn(f);
    writeJsonAtomic(hostsFile(home), f);
  });
}

/** Add or replace a host (replacing keeps its workers: they are found by name). */
export function putHost(home: string, name: string, entry: HostEntry): void {
  checkHostName(name);
  edit(home, (f) => {
    f.hosts[name] = entry;
  });
}

/** Remove a host; true when it was there. Its bookkeeping dir goes too. */
export function removeHost(home: string, name: string): boolean {
  let had = false;
  edit(home, (f) => {
    had = name in f.hosts;
    delete f.hosts[name];
  });
  if (had) rmSync(hostDir(home, name), { recursive: true, force: true });
  return had;
}

export function reachFile(home: string, name: string): string {
  return join(hostDir(home, name), "reach.json");
}

export function readReach(home: string, name: string): HostReach | undefined {
  try {
    return ok(HostReach, JSON.parse(readFileSync(reachFile(home, name), "utf8")));
  } catch {
    return undefined;
  }
}

/** Record a contact: a change of reachability is what the status line shows; true when it changed. */
export function writeReach(home: string, name: string, reach: HostReach): boolean {
  const before = readReach(home, name);
  const seenAt = reach.ok ? reach.at : before?.seenAt;
  writeJsonAtomic(reachFile(home, name), { ...reach, ...(seenAt ? { seenAt } : {}) });
  return before?.ok !== reach.ok;
}

/** Hosts whose last contact failed: the status line's `<name> unreachable` mark. Never throws. */
export function unreachableHosts(home: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(join(home, "hosts"));
  } catch {
    return [];
  }
  return names.filter((n) => HOST_NAME_PATTERN.test(n) && readReach(home, n)?.ok === false).sort();
}
