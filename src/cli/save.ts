// `docket save [--from wN] [note]`: choose evidence, edit the header, write bundles/b<N>.{md,artifacts.json}.
import type { CommandModule } from "yargs";
import { docketHome } from "../core/env.js";
import { DocketError } from "../core/errors.js";
import type { Candidate } from "../evidence/save.js";
import { out } from "../core/stdout.js";

interface Args {
  note?: string[];
  from?: string;
  items?: string;
  all?: boolean;
  yes?: boolean;
  json?: boolean;
}

const cmd: CommandModule<object, Args> = {
  command: "save [note..]",
  describe: "save chosen evidence as a bundle (fzf multi-select and $EDITOR header when interactive)",
  builder: (y) =>
    y
      .positional("note", { type: "string", array: true, describe: "bundle title / note" })
      .option("from", { type: "string", describe: "only this worker's evidence (wN)" })
      .option("items", { type: "string", describe: "comma-separated artifact refs to save (w1.c1,w1.e2)" })
      .option("all", { type: "boolean", describe: "save every candidate item" })
      .option("yes", { alias: "y", type: "boolean", describe: "do not open $EDITOR for the header" })
      .option("json", { type: "boolean" }),
  handler: async (argv) => {
    const home = docketHome();
    if (argv.from !== undefined) (await import("../core/refs.js")).checkRef(argv.from);
    const { saveCandidates, candidatesFromRefs, defaultTitle, saveBundle } = await import("../evidence/save.js");
    const { isInteractive, hasFzf, pickRefs, previewsFor, editHeader } = await import("../ui/evidence-picker.js");
    const note = (argv.note ?? []).join(" ").trim() || undefined;
    const interactive = isInteractive(argv.json);
    let chosen: Candidate[];
    if (argv.items) {
      chosen = candidatesFromRefs(
        home,
        argv.items
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      );
      if (argv.from) chosen = chosen.filter((c) => c.source === argv.from || c.ref.startsWith(`${argv.from}.`));
    } else {
      const candidates = saveCandidates(home, argv.from);
      if (!candidates.length)
        throw new DocketError(argv.from ? `${argv.from} has no evidence to save` : "no evidence to save yet");
      if (argv.all) chosen = candidates;
      else if (interactive && (await hasFzf())) {
        const picked = new Set(
          await pickRefs(
            candidates.map((c) => `${c.ref}\t${c.artifact.type}\t${c.artifact.title}`),
            {
              multi: true,
              preview: previewsFor(
                candidates,
                candidates.map((c) => c.ref),
              ),
              prompt: "save> ",
              header: "Tab: select · ctrl-a: all · Enter: save",
            },
          ),
        );
        chosen = candidates.filter((c) => picked.has(c.ref));
        if (!chosen.length) throw new DocketError("nothing selected: nothing saved");
      } else throw new DocketError("choose evidence: --items w1.c1,w1.e2 or --all (fzf needs a terminal)");
    }
    let header = { title: defaultTitle(note, chosen), note: note?.includes("\n") ? note : "" };
    if (interactive && !argv.yes)
      header = await editHeader(
        header.title,
        header.note,
        chosen.map((c) => `${c.ref} · ${c.artifact.title}`),
      );
    const b = saveBundle(home, chosen, header);
    if (argv.json)
      out(
        JSON.stringify(
          {
            id: b.id,
            title: b.title,
            items: b.items.map((i) => ({ ref: `${b.id}.${i.id}`, origin: i.origin, title: i.title })),
          },
          null,
          2,
        ) + "\n",
      );
    else
      out(
        `saved ${b.id} · ${(await import("../core/sanitize.js")).sanitizeLine(b.title)} · ` +
          `${b.items.length} item${b.items.length === 1 ? "" : "s"} (load it with \`docket load ${b.id}\`)\n`,
      );
  },
};
export default cmd;
