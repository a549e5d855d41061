import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/**
 * Forge's "Tenant data isolation" rule, as a check of the source: one warm process serves
 * many installations, so module-level mutable state in src/core and src/forge may carry one
 * site's data into another's invocation. Flagged, as Forge's page lists them:
 * - `let` and `var` at module scope;
 * - module-level containers (`new Map()`, object and array literals) that the file mutates;
 * - module-level values made by calling a factory (closures hold state), unless allowed;
 * - any use of `global` or `globalThis`;
 * - mutable static class fields.
 * Deliberate caches are allowed by name, each with the reason it is safe.
 */
export interface Allowance {
  readonly file: string;
  readonly name: string;
  readonly why: string;
}

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly what: string;
}

const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'set', 'add', 'delete', 'clear', 'assign']);
/** Constructors whose instances hold no state a request could change. */
const STATELESS_CONSTRUCTORS = new Set(['TextDecoder', 'TextEncoder', 'RegExp']);
/** Module-level calls that make immutable values: zod schemas, pure functions of constants, and frozen definitions (adminAction freezes its argument). */
const IMMUTABLE_CALL_ROOTS = /^(z|[A-Za-z]+Schema|cspHash|Object\.freeze|Symbol|adminAction)$/;

function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isParenthesizedExpression(current) || ts.isTypeAssertionExpression(current)) {
    current = current.expression;
  }
  return current;
}

/** The identifier a call chain starts from: `z.object(…).strict()` → `z`. */
function callRoot(node: ts.Expression): string {
  let current = unwrap(node);
  while (ts.isCallExpression(current) || ts.isPropertyAccessExpression(current)) {
    if (ts.isCallExpression(current)) current = unwrap(current.expression);
    else if (ts.isIdentifier(current.expression) && current.expression.text === 'Object') return `Object.${current.name.text}`;
    else current = unwrap(current.expression);
  }
  return ts.isIdentifier(current) ? current.text : '';
}

function mutatedNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const target = (node: ts.Expression): string | undefined => {
    const inner = unwrap(node);
    if (ts.isIdentifier(inner)) return inner.text;
    if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) return target(inner.expression);
    return undefined;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      if (ts.isPropertyAccessExpression(node.left) || ts.isElementAccessExpression(node.left)) {
        const name = target(node.left);
        if (name !== undefined) names.add(name);
      }
    }
    if (ts.isDeleteExpression(node)) {
      const name = target(node.expression);
      if (name !== undefined) names.add(name);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && MUTATORS.has(node.expression.name.text)) {
      const name = target(node.expression.expression);
      if (name !== undefined) names.add(name);
      // Object.assign(x, …) mutates its first argument.
      if (ts.isIdentifier(node.expression.expression) && node.expression.expression.text === 'Object' && node.arguments[0] !== undefined) {
        const first = target(node.arguments[0]);
        if (first !== undefined) names.add(first);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** The findings in one file's text. */
export function checkModuleState(file: string, text: string, allowed: readonly Allowance[] = []): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const at = (node: ts.Node, what: string) => findings.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, what });
  const isAllowed = (name: string) => allowed.some((entry) => entry.file === file && entry.name === name);
  const mutated = mutatedNames(source);

  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
      for (const declaration of statement.declarationList.declarations) {
        const name = declaration.name.getText(source);
        if (isAllowed(name)) continue;
        if (!isConst) {
          at(declaration, `module-level \`let\`/\`var\` ${name}`);
          continue;
        }
        if (declaration.initializer === undefined) continue;
        const value = unwrap(declaration.initializer);
        if (ts.isNewExpression(value)) {
          const constructor = value.expression.getText(source).replace(/<.*$/, '');
          if (!STATELESS_CONSTRUCTORS.has(constructor)) at(declaration, `module-level instance ${name} = new ${constructor}(…)`);
        } else if (ts.isCallExpression(value)) {
          if (!IMMUTABLE_CALL_ROOTS.test(callRoot(value))) at(declaration, `module-level value ${name} made by a call (a factory's closures hold state)`);
        } else if ((ts.isObjectLiteralExpression(value) || ts.isArrayLiteralExpression(value)) && mutated.has(name)) {
          at(declaration, `module-level ${name} is mutated`);
        }
      }
    }
    if (ts.isClassDeclaration(statement)) {
      for (const member of statement.members) {
        const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
        const isStatic = modifiers.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
        const isReadonly = modifiers.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword);
        if (ts.isPropertyDeclaration(member) && isStatic) {
          const initial = member.initializer === undefined ? undefined : unwrap(member.initializer);
          const holdsContainer = initial !== undefined && (ts.isNewExpression(initial) || ts.isObjectLiteralExpression(initial) || ts.isArrayLiteralExpression(initial));
          if (!isReadonly || holdsContainer) at(member, `mutable static field ${member.name.getText(source)}`);
        }
      }
    }
  }
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && (node.text === 'globalThis' || node.text === 'global')) {
      const parent = node.parent;
      // A property called `global` (ENTRA_AUTHORITIES.global) is a name, not the global object.
      const isPropertyName =
        parent !== undefined &&
        ((ts.isPropertyAccessExpression(parent) && parent.name === node) ||
          ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent) || ts.isMethodDeclaration(parent)) && parent.name === node));
      if (!isPropertyName) at(node, `use of ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every finding in the given folders (paths relative to the repository root). */
export function checkFolders(folders: readonly string[], allowed: readonly Allowance[]): Finding[] {
  return folders.flatMap((folder) => sourceFiles(folder)).flatMap((file) => checkModuleState(file, readFileSync(file, 'utf8'), allowed));
}
