// `docket ref <artifact> [-t pane]`: paste a compact reference to one artifact into a pane.
import { pasteVerb } from "./paste-verb.js";

export default pasteVerb("ref", {
  command: "ref <artifact>",
  describe: "paste a compact reference (w3.e1, b2.c4) into the origin pane or -t <pane>",
  printDescribe: "print instead of pasting",
  pasted: (r) => `pasted ${r.ref} into ${r.pane}`,
});
