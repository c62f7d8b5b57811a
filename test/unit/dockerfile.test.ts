import { existsSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import dockerignore from "@balena/dockerignore";
import { DockerfileParser, type Instruction } from "dockerfile-ast";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import nextConfig from "@/next.config";
import { SERVER_NODE_FLAGS } from "@/scripts/server-node-flags";
import { repoRoot } from "@/test/build";

// The test machine has no Docker, so these checks read the Dockerfile with dockerfile-ast and compare it
// with the repository: what it copies, which user and command the image runs, and its port.

const WORKDIR = "/app";
const PRODUCTION_SERVER = ["node", ...SERVER_NODE_FLAGS, "scripts/serve.mjs"];
// What the build stage makes that the repository does not contain, and the command that makes it.
const BUILD_OUTPUTS: Record<string, RegExp> = { node_modules: /\bnpm ci\b/, ".next": /\bnext build\b/ };
const MUST_IGNORE = ["node_modules", ".next", ".keel", ".git"];
// The processes the image runs: scripts/serve.mjs starts Next.js, which loads next.config.ts, and job
// workers run their script with tsx.
const RUNTIME_ENTRY_POINTS = ["scripts/serve.mjs", "next.config.ts", "scripts/worker.ts", "scripts/keel.ts"];
// Read from the working directory at run time rather than imported: migrations and the package manifest.
const RUNTIME_READ_PATHS = ["drizzle", "package.json"];

type Stage = { name: string | null; image: string; instructions: Instruction[] };
type DockerInputs = { dockerfile: string; dockerignore: string | null };

const packageJson = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function repoInputs(): DockerInputs {
  const ignorePath = path.join(repoRoot, ".dockerignore");
  return {
    dockerfile: readFileSync(path.join(repoRoot, "Dockerfile"), "utf8"),
    dockerignore: existsSync(ignorePath) ? readFileSync(ignorePath, "utf8") : null,
  };
}

function stagesOf(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() === "FROM") {
      const [image, as, name] = instruction.getArguments().map((argument) => argument.getValue());
      stages.push({ name: as?.toUpperCase() === "AS" ? name : null, image, instructions: [] });
    }
    stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

function argumentsOf(instruction: Instruction): string[] {
  return instruction.getArguments().map((argument) => argument.getValue());
}

function flagOf(instruction: Instruction, name: string): string | null {
  const flags = (instruction as Instruction & { getFlags?: () => { getName(): string; getValue(): string | null }[] }).getFlags?.() ?? [];
  return flags.find((flag) => flag.getName() === name)?.getValue() ?? null;
}

/** Returns the exec-form command of a CMD, ENTRYPOINT or `HEALTHCHECK CMD`, or null for the shell form. */
function execForm(instruction: Instruction): string[] | null {
  const content = instruction.getArgumentsContent()?.replace(/^CMD\s+/, "") ?? "";
  if (!content.startsWith("[")) return null;
  return JSON.parse(content) as string[];
}

function envOf(stage: Stage): Record<string, string> {
  const values: Record<string, string> = {};
  for (const instruction of stage.instructions.filter((candidate) => candidate.getKeyword() === "ENV")) {
    for (const pair of argumentsOf(instruction)) {
      const [name, ...value] = pair.split("=");
      values[name] = value.join("=");
    }
  }
  return values;
}

/** Maps each COPY --from=<build stage> of the final stage to the repository path it takes. */
function copiedFromBuild(stages: Stage[]): { source: string; destination: string }[] {
  const final = stages.at(-1)!;
  return final.instructions
    .filter((instruction) => instruction.getKeyword() === "COPY" && flagOf(instruction, "from"))
    .flatMap((instruction) => {
      const values = argumentsOf(instruction);
      const destination = values.at(-1)!;
      return values.slice(0, -1).map((source) => ({ source: path.posix.relative(WORKDIR, source), destination }));
    });
}

/** Returns the problems of the Dockerfile and .dockerignore, one sentence each; empty when there are none. */
function dockerProblems(inputs: DockerInputs): string[] {
  const problems: string[] = [];
  const stages = stagesOf(inputs.dockerfile);
  const final = stages.at(-1);
  if (!final) return ["The Dockerfile has no FROM instruction."];

  const ignore = dockerignore().add(inputs.dockerignore?.split("\n") ?? []);
  if (inputs.dockerignore === null) problems.push(".dockerignore is missing, so `COPY . .` sends node_modules, .next and .git.");
  for (const entry of MUST_IGNORE) {
    if (inputs.dockerignore !== null && !ignore.ignores(entry)) problems.push(`.dockerignore does not exclude ${entry}.`);
  }

  const engineMajor = packageJson.engines.node.match(/\d+/)![0];
  for (const stage of stages) {
    const match = stage.image.match(/^node:(\d+)\.\d+\.\d+(-[a-z0-9-]+)?$/);
    if (!match) problems.push(`Base image ${stage.image} is not pinned to a node:<major>.<minor>.<patch> tag.`);
    else if (match[1] !== engineMajor) problems.push(`Base image ${stage.image} is not Node.js ${engineMajor}, which package.json's engines requires.`);
  }

  for (const stage of stages) {
    for (const instruction of stage.instructions.filter((candidate) => candidate.getKeyword() === "COPY")) {
      const from = flagOf(instruction, "from");
      for (const source of argumentsOf(instruction).slice(0, -1)) {
        problems.push(...copySourceProblems(stages, ignore, from, source));
      }
    }
  }

  const users = final.instructions.filter((instruction) => instruction.getKeyword() === "USER").map((instruction) => argumentsOf(instruction)[0]);
  const user = users.at(-1)?.split(":")[0];
  if (!user || user === "root" || user === "0") problems.push("The final stage runs as root; add a USER with a non-root account.");

  const entrypoint = final.instructions.filter((instruction) => instruction.getKeyword() === "ENTRYPOINT").at(-1);
  const cmd = final.instructions.filter((instruction) => instruction.getKeyword() === "CMD").at(-1);
  const command = [...(entrypoint ? (execForm(entrypoint) ?? []) : []), ...(cmd ? (execForm(cmd) ?? []) : [])];
  if (PRODUCTION_SERVER.some((part, index) => command[index] !== part)) {
    problems.push(`The image's command ${JSON.stringify(command)} does not start the production server (${PRODUCTION_SERVER.join(" ")}) in exec form.`);
  }

  problems.push(...portProblems(final, command));
  return problems;
}

function copySourceProblems(stages: Stage[], ignore: ReturnType<typeof dockerignore>, from: string | null, source: string): string[] {
  if (!from) {
    if (source !== "." && !existsSync(path.join(repoRoot, source))) return [`COPY source ${source} does not exist in the repository.`];
    if (source !== "." && ignore.ignores(source)) return [`COPY source ${source} is excluded by .dockerignore.`];
    return [];
  }

  const stage = stages.find((candidate) => candidate.name === from);
  if (!stage) return [`COPY --from=${from} names no build stage.`];
  const relative = path.posix.relative(WORKDIR, source);
  if (relative.startsWith("..")) return [`COPY --from=${from} source ${source} is outside ${WORKDIR}.`];

  const producer = BUILD_OUTPUTS[relative];
  if (producer) {
    const runs = stage.instructions.filter((instruction) => instruction.getKeyword() === "RUN").map((instruction) => instruction.getArgumentsContent() ?? "");
    return runs.some((run) => producer.test(run)) ? [] : [`Stage ${from} does not make ${relative}, which COPY --from=${from} takes.`];
  }
  if (!existsSync(path.join(repoRoot, relative))) return [`COPY --from=${from} source ${source} does not exist in the repository.`];
  if (ignore.ignores(relative)) return [`COPY --from=${from} source ${source} is excluded by .dockerignore, so stage ${from} does not have it.`];
  return [];
}

function portProblems(final: Stage, command: string[]): string[] {
  const problems: string[] = [];
  const port = envOf(final).PORT;
  const exposed = final.instructions.filter((instruction) => instruction.getKeyword() === "EXPOSE").flatMap(argumentsOf);
  if (!port) problems.push("The final stage sets no PORT, which scripts/serve.mjs listens on.");
  if (exposed.join(" ") !== port) problems.push(`EXPOSE ${exposed.join(" ")} differs from PORT=${port}.`);
  if (command.includes("-p") || command.includes("--port")) problems.push("The command sets its own port; set PORT instead so that EXPOSE and HEALTHCHECK agree.");

  const healthcheck = final.instructions.find((instruction) => instruction.getKeyword() === "HEALTHCHECK");
  const script = healthcheck ? (execForm(healthcheck) ?? []).join(" ") : "";
  const url = script.match(/http:\/\/127\.0\.0\.1:(?:(\d+)|' \+ process\.env\.PORT \+ ')(\/[\w/]+)/);
  if (!url) return [...problems, "HEALTHCHECK is missing, or does not fetch http://127.0.0.1 on PORT."];
  if (url[1] && url[1] !== port) problems.push(`HEALTHCHECK uses port ${url[1]}, not PORT=${port}.`);
  if (!existsSync(path.join(repoRoot, "app", url[2], "route.ts"))) problems.push(`HEALTHCHECK fetches ${url[2]}, which has no route.`);
  return problems;
}

/** Collects the repository files and npm packages that `entries` import at run time, transitively. */
function runtimeImports(entries: string[]): { files: Set<string>; packages: Set<string>; usesPathAlias: boolean } {
  const files = new Set<string>();
  const packages = new Set<string>();
  let usesPathAlias = false;
  const pending = [...entries];

  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);

    for (const specifier of valueImports(path.join(repoRoot, file))) {
      if (specifier.startsWith("node:") || builtinModules.includes(specifier)) continue;
      if (specifier.startsWith(".") || specifier.startsWith("@/")) {
        usesPathAlias ||= specifier.startsWith("@/");
        const base = specifier.startsWith("@/") ? path.join(repoRoot, specifier.slice(2)) : path.resolve(repoRoot, path.dirname(file), specifier);
        pending.push(path.relative(repoRoot, resolveSource(base, file, specifier)));
        continue;
      }
      const parts = specifier.split("/");
      packages.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]);
    }
  }
  return { files, packages, usesPathAlias };
}

function resolveSource(base: string, importer: string, specifier: string): string {
  const candidates = [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), base.replace(/\.js$/, ".ts")];
  const found = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
  if (!found) throw new Error(`${importer} imports ${specifier}, which resolves to no file.`);
  return found;
}

/** Returns the module specifiers that a TypeScript file imports for values; `import type` is erased. */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  const specifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/** Returns the runtime files that the final stage does not copy, or copies to another path. */
function missingRuntimeFiles(dockerfile: string, files: string[]): string[] {
  const copied = copiedFromBuild(stagesOf(dockerfile));
  const placed = copied.filter(({ source, destination }) => {
    const target = path.posix.normalize(destination);
    return target === "." || target === "./" || target === source;
  });
  return files.filter((file) => !placed.some(({ source }) => file === source || file.startsWith(`${source}/`)));
}

describe("Dockerfile", () => {
  it("has no problems", () => {
    expect(dockerProblems(repoInputs())).toEqual([]);
  });

  const broken: [string, (inputs: DockerInputs) => DockerInputs, string][] = [
    ["a missing COPY source", (inputs) => ({ ...inputs, dockerfile: inputs.dockerfile.replace("COPY package.json", "COPY no-such-file package.json") }), "COPY source no-such-file does not exist"],
    ["a missing build-stage source", (inputs) => ({ ...inputs, dockerfile: inputs.dockerfile.replace("/app/drizzle ./drizzle", "/app/migrations ./migrations") }), "/app/migrations does not exist"],
    ["an ignored COPY source", (inputs) => ({ ...inputs, dockerignore: `${inputs.dockerignore}\nlib\n` }), "/app/lib is excluded by .dockerignore"],
    ["no USER", (inputs) => ({ ...inputs, dockerfile: inputs.dockerfile.replace(/^USER .*$/m, "") }), "runs as root"],
    ["USER root", (inputs) => ({ ...inputs, dockerfile: inputs.dockerfile.replace(/^USER .*$/m, "USER root") }), "runs as root"],
    ["next start", (inputs) => ({ ...inputs, dockerfile: inputs.dockerfile.replace('"scripts/serve.mjs"', '"node_modules/next/dist/bin/next", "start"') }), "does not start the production server"],
    ["a shell-form command", (inputs) => ({ ...inputs, dockerfile: inputs.dockerfile.replace(/^CMD \[.*$/m, "CMD npm start") }), "does not start the production server"],
    ["a floating tag", (inputs) => ({ ...inputs, dockerfile: inputs.dockerfile.replace(/node:20\.\d+\.\d+-bookworm-slim AS/, "node:20-bookworm-slim AS") }), "node:20-bookworm-slim is not pinned"],
    ["another Node.js major", (inputs) => ({ ...inputs, dockerfile: inputs.dockerfile.replace(/^FROM node:20\.\d+\.\d+-bookworm-slim$/m, "FROM node:22.12.0-bookworm-slim") }), "is not Node.js 20"],
    ["EXPOSE on another port", (inputs) => ({ ...inputs, dockerfile: inputs.dockerfile.replace("EXPOSE 3000", "EXPOSE 8080") }), "EXPOSE 8080 differs from PORT=3000"],
    ["a port in the command", (inputs) => ({ ...inputs, dockerfile: inputs.dockerfile.replace('"-H", "0.0.0.0"', '"-H", "0.0.0.0", "-p", "8080"') }), "sets its own port"],
    ["no HEALTHCHECK", (inputs) => ({ ...inputs, dockerfile: inputs.dockerfile.replace(/^HEALTHCHECK [^]*?\n {2}CMD .*$/m, "") }), "HEALTHCHECK is missing"],
    ["a HEALTHCHECK on another port", (inputs) => ({ ...inputs, dockerfile: inputs.dockerfile.replace("127.0.0.1:' + process.env.PORT + '", "127.0.0.1:8080") }), "HEALTHCHECK uses port 8080"],
    ["a HEALTHCHECK of no route", (inputs) => ({ ...inputs, dockerfile: inputs.dockerfile.replace("/api/health'", "/api/healthz'") }), "/api/healthz, which has no route"],
    ["no .dockerignore", (inputs) => ({ ...inputs, dockerignore: null }), ".dockerignore is missing"],
    ["a .dockerignore keeping .git", (inputs) => ({ ...inputs, dockerignore: inputs.dockerignore!.replace(/^\.git$/m, "") }), "does not exclude .git"],
    ["a .dockerignore keeping .keel", (inputs) => ({ ...inputs, dockerignore: inputs.dockerignore!.replace(/^\.keel$/m, "") }), "does not exclude .keel"],
  ];

  it.each(broken)("reports %s", (_, breakInputs, expected) => {
    const inputs = repoInputs();
    const changed = breakInputs(inputs);
    expect(changed).not.toEqual(inputs);

    const problems = dockerProblems(changed);

    expect(problems.join("\n")).toContain(expected);
  });
});

describe("Dockerfile runtime files", () => {
  const { files, packages, usesPathAlias } = runtimeImports(RUNTIME_ENTRY_POINTS);
  const needed = [...files, ...RUNTIME_READ_PATHS, ...(usesPathAlias ? ["tsconfig.json"] : [])];

  it("walks the worker's imports", () => {
    expect(files).toContain("lib/jobs/worker.ts");
    expect(files).toContain("lib/db/migrate.ts");
    expect(packages).toContain("pg");
  });

  it("copies every file the processes load", () => {
    expect(missingRuntimeFiles(repoInputs().dockerfile, needed)).toEqual([]);
  });

  it("reports a file left out", () => {
    const dockerfile = repoInputs().dockerfile.replace(/^COPY .*\/app\/drizzle .*$/m, "");

    expect(missingRuntimeFiles(dockerfile, needed)).toEqual(["drizzle"]);
  });

  // The build stage runs `npm prune --omit=dev`, which removes devDependencies from the image.
  it("keeps imported packages after npm prune", () => {
    const pruned = [...packages].filter((name) => !(name in packageJson.dependencies));

    expect(pruned).toEqual([]);
  });

  // Next.js and tsx run from node_modules, and Next.js loads its external packages from there too.
  it("keeps next, tsx and server external packages", () => {
    const required = ["next", "tsx", ...(nextConfig.serverExternalPackages ?? [])];

    expect(required.filter((name) => !(name in packageJson.dependencies))).toEqual([]);
  });
});

describe("Dockerfile and Kubernetes manifests", () => {
  it("agree on the port", () => {
    const documents = parseAllDocuments(readFileSync(path.join(repoRoot, "deploy/kubernetes/keel.yaml"), "utf8")).map((document) => document.toJS());
    const app = documents.find((document) => document.kind === "Deployment" && document.metadata.name === "keel-app");
    const port = envOf(stagesOf(repoInputs().dockerfile).at(-1)!).PORT;

    expect(app.spec.template.spec.containers[0].ports).toContainEqual({ name: "http", containerPort: Number(port) });
  });
});
