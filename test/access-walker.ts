import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const repoRoot = path.resolve(import.meta.dirname, "..");

const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** The authorization decision found for one exported route handler. */
export type HandlerDecision = {
  /** The URL path, such as `/api/v1/models/[model]`; route groups in parentheses are left out. */
  path: string;
  method: string;
  file: string;
  /** "guarded": `apiRoute` with a role and scope. "public": `apiRoute` with "public". "none": anything else. */
  decision: "guarded" | "public" | "none";
};

/** One exported server action and whether its body calls the action guard `requireActionUser`. */
export type ActionDecision = { file: string; name: string; guarded: boolean };

export type WalkOptions = {
  /** The folder that holds `app/`. */
  root: string;
  /** The module files that define `apiRoute` and `requireActionUser`; a function of the same name elsewhere does not count. */
  apiRouteModule: string;
  guardModule: string;
};

/** Lists files under `dir` whose names pass `accept`, skipping node_modules, test folders and build output. */
export function listFiles(dir: string, accept: (name: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", "__tests__"].includes(entry.name) || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listFiles(full, accept));
    else if (accept(entry.name)) found.push(full);
  }
  return found;
}

/** Returns the URL path that Next.js serves a route.ts file under `appDir` at. */
export function routePath(appDir: string, file: string): string {
  const segments = path.relative(appDir, path.dirname(file)).split(path.sep).filter(Boolean);
  const visible = segments.filter((segment) => !(segment.startsWith("(") && segment.endsWith(")")));
  return "/" + visible.join("/");
}

function isUseServerFile(source: ts.SourceFile): boolean {
  const first = source.statements[0];
  return !!first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === "use server";
}

function createProgram(files: string[]): ts.Program {
  return ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.ReactJSX,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    // The alias always points at this repository, so fixture folders can import the real modules.
    paths: { "@/*": [path.join(repoRoot, "*")] },
  });
}

// Follows imports and re-exports to the declaration, so that `apiRoute` is recognised only when it is the real one.
function declaredIn(checker: ts.TypeChecker, node: ts.Node): string | undefined {
  let symbol = checker.getSymbolAtLocation(node);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.declarations?.[0];
  return declaration ? path.resolve(declaration.getSourceFile().fileName) : undefined;
}

/** Maps each exported name of a module to the expression or declaration that defines it. */
function exportedValues(source: ts.SourceFile): Map<string, ts.Node> {
  const locals = new Map<string, ts.Node>();
  const exported = new Map<string, ts.Node>();
  const isExported = (node: ts.Node) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);

  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) {
      locals.set(statement.name.text, statement);
      if (isExported(statement)) exported.set(statement.name.text, statement);
    }
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name)) continue;
        const value = declaration.initializer ?? declaration;
        locals.set(declaration.name.text, value);
        if (isExported(statement)) exported.set(declaration.name.text, value);
      }
    }
  }

  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
    for (const specifier of statement.exportClause.elements) {
      const local = (specifier.propertyName ?? specifier.name).text;
      // A re-export from another module has no local definition here, so it counts as undecided.
      exported.set(specifier.name.text, (!statement.moduleSpecifier && locals.get(local)) || specifier);
    }
  }
  return exported;
}

// How many `const POST = name` steps classifyHandler follows before it gives up.
const MAX_ALIAS_STEPS = 5;

function classifyHandler(checker: ts.TypeChecker, node: ts.Node, apiRouteModule: string, aliasSteps = 0): HandlerDecision["decision"] {
  // `export const POST = postPredictions` takes the decision of the constant it names, in this module or an imported one.
  if (ts.isIdentifier(node) && aliasSteps < MAX_ALIAS_STEPS) {
    let symbol = checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.declarations?.[0];
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
      return classifyHandler(checker, declaration.initializer, apiRouteModule, aliasSteps + 1);
    }
    return "none";
  }
  if (!ts.isCallExpression(node)) return "none";
  if (declaredIn(checker, node.expression) !== apiRouteModule) return "none";

  const options = node.arguments[0];
  if (!options || !ts.isObjectLiteralExpression(options)) return "none";
  const access = options.properties.find(
    (property): property is ts.PropertyAssignment => ts.isPropertyAssignment(property) && property.name.getText() === "access",
  );
  if (!access) return "none";

  // The type, not the text, decides: a constant that holds "public" is public too.
  const type = checker.getTypeAtLocation(access.initializer);
  const parts = type.isUnion() ? type.types : [type];
  if (parts.some((part) => part.isStringLiteral() && part.value === "public")) return "public";
  return parts.every((part) => part.flags & ts.TypeFlags.Object) ? "guarded" : "none";
}

function callsGuard(checker: ts.TypeChecker, node: ts.Node, guardModule: string): boolean {
  let found = false;
  const visit = (child: ts.Node) => {
    if (found) return;
    if (ts.isCallExpression(child) && declaredIn(checker, child.expression) === guardModule) {
      found = true;
      return;
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

/**
 * Finds every handler that an app/**\/route.ts file exports and every server action that a "use server"
 * file exports under `root`, and records the authorization decision of each.
 */
export function walkAccessDecisions(options: WalkOptions): { handlers: HandlerDecision[]; actions: ActionDecision[] } {
  const appDir = path.join(options.root, "app");
  const sourceFiles = listFiles(appDir, (name) => /\.(ts|tsx)$/.test(name) && !/\.(test|spec)\.tsx?$/.test(name));
  const routeFiles = sourceFiles.filter((file) => path.basename(file) === "route.ts");
  const actionFiles = sourceFiles.filter((file) => readFileSync(file, "utf8").includes("use server"));

  const program = createProgram([...new Set([...routeFiles, ...actionFiles])]);
  const checker = program.getTypeChecker();
  const apiRouteModule = path.resolve(options.apiRouteModule);
  const guardModule = path.resolve(options.guardModule);

  const handlers: HandlerDecision[] = [];
  for (const file of routeFiles) {
    const source = program.getSourceFile(file)!;
    for (const [name, node] of exportedValues(source)) {
      if (!HTTP_METHODS.has(name)) continue;
      handlers.push({ path: routePath(appDir, file), method: name, file, decision: classifyHandler(checker, node, apiRouteModule) });
    }
  }

  const actions: ActionDecision[] = [];
  for (const file of actionFiles) {
    const source = program.getSourceFile(file)!;
    if (isUseServerFile(source)) {
      for (const [name, node] of exportedValues(source)) actions.push({ file, name, guarded: callsGuard(checker, node, guardModule) });
    }

    // A function whose body starts with "use server" is an action too, wherever it is declared.
    const visit = (node: ts.Node) => {
      const body = (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && node.body;
      if (body && ts.isBlock(body) && isUseServerBlock(body)) {
        const name = ts.isFunctionDeclaration(node) && node.name ? node.name.text : `(inline action at line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1})`;
        actions.push({ file, name, guarded: callsGuard(checker, body, guardModule) });
      }
      ts.forEachChild(node, visit);
    };
    if (!isUseServerFile(source)) visit(source);
  }

  return { handlers, actions };
}

function isUseServerBlock(block: ts.Block): boolean {
  const first = block.statements[0];
  return !!first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === "use server";
}
