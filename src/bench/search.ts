// `docket search` over 200 workers' evidence: wall time next to `node -e 0`, and whether the one
// exact-phrase match still ranks first among hundreds of partial matches. (10/100/1000: scale.ts.)
import { join } from "node:path";
import { execa } from "execa";
import { parse } from "../core/check.js";
import { Artifact } from "../core/schema.js";
import { writeJsonAtomic } from "../store/fsutil.js";
import { workerPaths } from "../store/layout.js";
import { fakeWorker } from "./fixtures.js";
import { nodeBaseline, timeMedian, timeOnce } from "./measure.js";
import type { BenchContext, BenchRow } from "./table.js";

const WORKERS = 200;
const PHRASE = "stale cache entry in the token refresher";

function seed(home: string, project: string, n: number): void {
  for (let i = 1; i <= n; i++) {
    const { status, artifacts } = fakeWorker(i, project);
    status.id = status.id.toLowerCase(); // ids are lowercase by contract
    const items = [...artifacts];
    // Every worker mentions the words; exactly one holds the phrase.
    items.push(
      parse(Artifact, {
        id: "n1",
        type: "note",
        at: status.createdAt,
        title: "note",
        text: i === 137 ? `Root cause: a ${PHRASE}.` : "the token refresher had a cache; an entry looked stale",
      }),
    );
    writeJsonAtomic(workerPaths(home, status.id).status, status);
    writeJsonAtomic(workerPaths(home, status.id).artifacts, { items });
  }
}

export default async function searchBench(ctx: BenchContext): Promise<BenchRow[]> {
  const floor = await nodeBaseline(ctx);
  const home = join(ctx.tmp, "search-home");
  seed(home, join(ctx.tmp, "search-project"), WORKERS);
  const env = { ...ctx.env, DOCKET_HOME: home };
  const args = ["search", "--json", "--limit", "20", PHRASE];
  const ms = await timeMedian(ctx.reps, () => timeOnce(ctx.docketBin, args, { env }));
  const r = await execa(ctx.docketBin, args, { env, extendEnv: false, reject: false, stdin: "ignore" });
  const hits = (JSON.parse(String(r.stdout)) as { hits: Array<{ ref: string; match: string }> }).hits;
  const first = hits[0];
  return [
    {
      name: `search @ ${WORKERS} workers (${WORKERS * 4} items)`,
      value: ms,
      unit: "ms",
      baseline: floor,
      baselineName: "node -e 0",
      note: "docket search --json: yargs and the whole store read; the issue asks for the figure, not a goal",
    },
    {
      name: "search: exact phrase ranked first",
      value: first?.ref === "w137.n1" && first.match === "phrase" ? 1 : 0,
      unit: "yes=1",
      goal: "1",
      note:
        `top hit ${first ? `${first.ref} (${first.match})` : "none"}; ` +
        `${hits.filter((h) => h.match !== "phrase").length} partial/all-word hits below it in the top 20`,
    },
  ];
}
