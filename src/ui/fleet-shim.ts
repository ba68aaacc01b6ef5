// SHIM — delete when the fleet services (issue 2: src/workers/tell, stop, respawn) land.
// Until then replies are written as inbox message files (the contract the extension reads) and
// stop/respawn explain that they are not available yet.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { DocketError } from "../core/errors.js";
import { InboxMessage } from "../core/schema.js";
import { nowIso, writeJsonAtomic } from "../store/fsutil.js";
import { workerPaths } from "../store/layout.js";

export async function tellWorker(home: string, id: string, text: string): Promise<void> {
  const now = Date.now();
  const msg = InboxMessage.parse({ id: `${now}-${randomBytes(3).toString("hex")}`, text, from: "parent", createdAt: nowIso() });
  writeJsonAtomic(join(workerPaths(home, id).inbox, `${msg.id}.json`), msg);
}

export async function stopAndRemove(_home: string, _id: string): Promise<void> {
  throw new DocketError("stopping workers is not available yet (fleet core pending)");
}

export async function respawnWorker(_home: string, _id: string): Promise<void> {
  throw new DocketError("respawn is not available yet (fleet core pending)");
}
