import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "@/test/build";

// The npm commands that the README and docs/ tell a user to type must exist in package.json.
const packageJson = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> };
const DOCUMENTS = ["README.md", ...readdirSync(path.join(repoRoot, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];
/** Returns the npm scripts that `text` runs: `npm run NAME`, `npm start` and `npm test`. */
function npmScriptsIn(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/\bnpm (?:run ([\w:-]+)|(start|test)\b)/g)) names.add(match[1] ?? match[2]);
  return [...names];
}

describe("documented npm commands", () => {
  it("finds the scripts in a command line", () => {
    const text = "npm install && npm run demo; npm start; npm test; npm run keel -- migrate; the npm package";

    expect(npmScriptsIn(text).sort()).toEqual(["demo", "keel", "start", "test"]);
  });

  it.each(DOCUMENTS)("exist in package.json for %s", (document) => {
    const missing = npmScriptsIn(readFileSync(path.join(repoRoot, document), "utf8")).filter((name) => !(name in packageJson.scripts));

    expect(missing).toEqual([]);
  });
});
