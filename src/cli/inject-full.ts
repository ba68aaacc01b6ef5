// `docket inject-full <artifact> [-t pane]`: paste an artifact's full text into a pane.
import { pasteVerb } from "./paste-verb.js";

export default pasteVerb("full", {
  command: "inject-full <artifact>",
  describe: "paste an artifact's full text into the origin pane or -t <pane>",
  printDescribe: "print the full text instead of pasting it",
  pasted: (r) => `pasted ${r.ref} (full text, ${r.text.length} chars) into ${r.pane}`,
});
