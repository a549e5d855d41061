import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** A source file and the files it imports (relative imports only; packages are not rooms of the house). */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

const EXTENSIONS = ['.ts', '.tsx'];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'build' ? [] : sourceFiles(path);
    return EXTENSIONS.some((extension) => name.endsWith(extension)) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, ...EXTENSIONS.map((extension) => `${base}${extension}`), ...EXTENSIONS.map((extension) => join(base, `index${extension}`))]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/**
 * Every relative import and re-export of the files under `folders`, type-only ones included
 * (a circle of types is still two rooms that each need the other), and dynamic `import()`s.
 * Paths are relative to the repository root.
 */
export function importGraph(folders: readonly string[], root = process.cwd()): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const file of folders.flatMap((folder) => sourceFiles(resolve(root, folder)))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((imported) => imported.fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => resolveImport(file, specifier))
      .filter((target): target is string => target !== undefined)
      .map((target) => relative(root, target));
    graph.set(relative(root, file), [...new Set(targets)]);
  }
  return graph;
}

/** The circles of the graph: each strongly connected set of more than one file (or a file importing itself), sorted. */
export function importCircles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative enough for a few hundred files.
  let index = 0;
  const indices = new Map<string, number>();
  const lowLinks = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const circles: string[][] = [];
  const visit = (file: string): void => {
    indices.set(file, index);
    lowLinks.set(file, index);
    index += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!indices.has(target)) {
        visit(target);
        lowLinks.set(file, Math.min(lowLinks.get(file) ?? 0, lowLinks.get(target) ?? 0));
      } else if (onStack.has(target)) {
        lowLinks.set(file, Math.min(lowLinks.get(file) ?? 0, indices.get(target) ?? 0));
      }
    }
    if (lowLinks.get(file) === indices.get(file)) {
      const members: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        members.push(member);
      } while (member !== file);
      if (members.length > 1 || (graph.get(file) ?? []).includes(file)) circles.push(members.sort());
    }
  };
  for (const file of [...graph.keys()].sort()) if (!indices.has(file)) visit(file);
  return circles.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

/** Every file `entry` reaches through its imports, itself included. */
export function reachableFrom(graph: ImportGraph, entry: string): Set<string> {
  const reached = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (reached.has(file)) continue;
    reached.add(file);
    pending.push(...(graph.get(file) ?? []));
  }
  return reached;
}

/** One path of imports from `entry` to `target`, to show why a rule failed. */
export function importPath(graph: ImportGraph, entry: string, target: string): string[] | undefined {
  const previous = new Map<string, string>();
  const queue = [entry];
  const seen = new Set([entry]);
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (file === target) {
      const path = [file];
      for (let step = previous.get(file); step !== undefined; step = previous.get(step)) path.unshift(step);
      return path;
    }
    for (const next of graph.get(file) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      previous.set(next, file);
      queue.push(next);
    }
  }
  return undefined;
}
