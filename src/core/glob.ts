// A tiny path glob for `docket broadcast --touching`: `**` any number of path segments, `*` any run of
// characters within one segment, `?` one character; everything else literal. A pattern without a `/`
// also matches a path's last segment (`*.ts` matches `src/a.ts`), as in .gitignore. Pure.

function segmentRe(seg: string): RegExp {
  let re = "";
  for (const ch of seg) re += ch === "*" ? "[^/]*" : ch === "?" ? "[^/]" : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${re}$`);
}

function matchSegs(p: string[], g: string[]): boolean {
  if (g.length === 0) return p.length === 0;
  const [head, ...rest] = g;
  if (head === "**") {
    for (let i = 0; i <= p.length; i++) if (matchSegs(p.slice(i), rest)) return true;
    return false;
  }
  if (p.length === 0) return false;
  return segmentRe(head!).test(p[0]!) && matchSegs(p.slice(1), rest);
}

/** Whether a repo-relative path matches the glob (a leading `./` on either is ignored). */
export function matchesGlob(path: string, glob: string): boolean {
  const clean = (s: string) => s.replace(/^\.\//, "").replace(/\/+$/, "");
  const p = clean(path).split("/").filter(Boolean);
  const g = clean(glob).split("/").filter(Boolean);
  if (!g.length) return false;
  if (matchSegs(p, g)) return true;
  return g.length === 1 && p.length > 0 && matchSegs(p.slice(-1), g);
}
