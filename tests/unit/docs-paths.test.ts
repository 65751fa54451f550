import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const PATH = /(?<![\w/.-])(?:lib|tests|scripts|bench|events|docs|functions)\/[\w./*{}-]*[\w*}/]/g;

/** The documents whose file references readers follow. */
function documents(): string[] {
  const readmes = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? readmes(join(dir, entry.name)) : entry.name === "README.md" ? [join(dir, entry.name)] : [],
    );
  return ["README.md", "serverless.yml", ...readmes("lib"), ...readmes("bench")];
}

/** A cited path as a file of the tree: a handler names its module, a `.js` import specifier its `.ts` source. */
function candidates(cited: string): string[] {
  const path = cited.replace(/[.,:;]+$/, "");
  if (path.includes("*") || path.includes("{")) return [dirname(path.split(/[*{]/)[0]! + "x")];
  return [path, path.replace(/\.handler$/, ".ts"), path.replace(/\.js$/, ".ts")];
}

/** Folders made at run time (git-ignored): cited, but not in a clone. */
const made = readFileSync(join(root, ".gitignore"), "utf8")
  .split("\n")
  .filter((line) => line.endsWith("/") && line.includes("/") && !line.startsWith("#"));

describe("documentation cites only files that exist", () => {
  test.each(documents())("%s", (document) => {
    const text = readFileSync(join(root, document), "utf8");
    const missing = [...new Set(text.match(PATH) ?? [])]
      .filter((cited) => !made.some((folder) => cited.startsWith(folder)))
      .filter((cited) => !candidates(cited).some((path) => existsSync(join(root, path))));
    expect(missing).toEqual([]);
  });
});
