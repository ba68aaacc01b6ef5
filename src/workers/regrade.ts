// The cheap check ordinary commands make (cli/main.ts): a grading exists for this repo and the parent's
// HEAD moved since, so ask for a regrade (detached; workers/grading.ts does the work). A few small file
// reads and no process unless something moved; light on purpose (no git merge code loads here).
import { readGrades, requestGrading } from "../store/grades.js";
import { readHead } from "../git/head.js";

export function regradeIfMoved(home: string, root: string): void {
  const g = readGrades(home, root);
  if (g && readHead(root) !== g.head) requestGrading(home, root);
}
