// A worker's inbox/: parent → worker messages, one file each, named so that name order is the order
// docket accepted them. Written by `tell` (and the verdict popup), read and stamped by the worker's
// extension, listed by `show`. Node built-ins only: the extension imports it.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { DocketError } from "../core/errors.js";
import { ok } from "../core/check.js";
import { InboxMessage } from "../core/schema.js";
import { DIR_MODE, nowIso, pidAlive, writeFileAtomic, writeJsonAtomic } from "./fsutil.js";
import { withLock } from "./lock.js";

/** `<epoch-ms>-<sequence>.json`; temp files of atomic writes end in .tmp and never match. */
export const MESSAGE_FILE = /^\d{10,16}-[A-Za-z0-9]{1,32}\.json$/;

export interface StoredMessage {
  file: string;
  msg: InboxMessage;
}

export function parseMessage(raw: string): InboxMessage | undefined {
  try {
    return ok(InboxMessage, JSON.parse(raw));
  } catch {
    return undefined;
  }
}

export function readMessage(file: string): InboxMessage | undefined {
  try {
    return parseMessage(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Message files in accepted order; `bad` are names that do not parse (yet: a writer may be mid-write).
 * Files in `skip` are left unread (the extension's poll passes those it has finished with).
 */
export function listMessages(inbox: string, skip?: ReadonlySet<string>): { messages: StoredMessage[]; bad: string[] } {
  const messages: StoredMessage[] = [];
  const bad: string[] = [];
  if (!existsSync(inbox)) return { messages, bad };
  for (const name of readdirSync(inbox)
    .filter((n) => MESSAGE_FILE.test(n))
    .sort()) {
    const file = join(inbox, name);
    if (skip?.has(file)) continue;
    const msg = readMessage(file);
    if (msg) messages.push({ file, msg });
    else bad.push(file);
  }
  return { messages, bad };
}

/** How old a file is, in ms (Infinity when it is gone). */
export function fileAge(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

function gone(label: string): DocketError {
  return new DocketError(`unknown worker: ${label} (deleted)`);
}

/**
 * Queue a message. The name is allocated under the inbox's lock from `.seq` (last time and number),
 * so concurrent tells get distinct names whose order is the order they were accepted, even within a
 * millisecond. Only the inbox dir may be made here, never the record's: a deleted worker stays deleted.
 */
export function queueMessage(
  inbox: string,
  label: string,
  fields: { text: string; from?: string; answers?: string; after?: boolean },
): StoredMessage {
  try {
    mkdirSync(inbox, { mode: DIR_MODE });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw gone(label);
    if (code !== "EEXIST") throw err;
  }
  try {
    return withLock(join(inbox, ".seq.lock"), () => {
      const seqFile = join(inbox, ".seq");
      let [lastMs, lastN] = [0, 0];
      try {
        [lastMs, lastN] = readFileSync(seqFile, "utf8")
          .trim()
          .split(" ")
          .map((x) => parseInt(x, 10) || 0) as [number, number];
      } catch {
        /* first message */
      }
      const ms = Math.max(Date.now(), lastMs);
      const n = lastN + 1;
      const id = `${ms}-${String(n).padStart(8, "0")}`;
      const at = nowIso();
      const msg: InboxMessage = {
        id,
        text: fields.text,
        from: fields.from ?? "parent",
        createdAt: at,
        queuedAt: at,
        ...(fields.answers ? { answers: fields.answers } : {}),
        ...(fields.after ? { after: true } : {}),
      };
      const file = join(inbox, `${id}.json`);
      writeJsonAtomic(file, msg, { mkdir: false });
      writeFileAtomic(seqFile, `${ms} ${n}\n`, { mkdir: false });
      return { file, msg };
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw gone(label);
    throw err;
  }
}

/**
 * Claim a message for this process before handing it to pi: refused (undefined) when it is read, or
 * claimed by another live process (two pis on one worker must not both send it).
 */
export function claimMessage(file: string, pid = process.pid): InboxMessage | undefined {
  return withLock(file + ".lock", () => {
    const msg = readMessage(file);
    if (!msg || msg.readAt) return undefined;
    if (msg.handedTo !== undefined && msg.handedTo !== pid && pidAlive(msg.handedTo)) return undefined;
    const next: InboxMessage = { ...msg, handedTo: pid, handedAt: nowIso() };
    writeJsonAtomic(file, next, { mkdir: false });
    return next;
  });
}

/** Add receipt fields under the message's lock; a stamp already there is never moved. */
export function stampMessage(
  file: string,
  fields: Partial<Pick<InboxMessage, "deliveredAt" | "readAt" | "typedAt" | "via">>,
): InboxMessage | undefined {
  return withLock(file + ".lock", () => {
    const msg = readMessage(file);
    if (!msg) return undefined;
    const next: InboxMessage = { ...msg };
    for (const [k, v] of Object.entries(fields) as [keyof typeof fields, string][])
      if (v !== undefined && next[k] === undefined) (next as Record<string, unknown>)[k] = v;
    writeJsonAtomic(file, next, { mkdir: false });
    return next;
  });
}
