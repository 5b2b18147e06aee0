import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** One constructor and the number of lines of its body. */
export interface ConstructorSize {
  /** The file, relative to the folder searched. */
  readonly file: string;
  /** The class it belongs to (`<anonymous>` for a class expression without a name). */
  readonly className: string;
  /** The line the constructor starts on, from 1. */
  readonly line: number;
  /** Lines between the body's braces, blank lines and comments included. */
  readonly bodyLines: number;
}

/** Every constructor declared in one TypeScript source text, with its body's length. */
export function constructorSizes(file: string, text: string): ConstructorSize[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line;
  const sizes: ConstructorSize[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isConstructorDeclaration(node) && node.body) {
      sizes.push({
        file,
        className: (ts.isClassLike(node.parent) && node.parent.name?.text) || '<anonymous>',
        line: lineOf(node.getStart(source)) + 1,
        bodyLines: Math.max(0, lineOf(node.body.end) - lineOf(node.body.getStart(source)) - 1),
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sizes;
}

/** The constructors in the `.ts` files under `dir` (recursively) whose body is longer than `maxLines`. */
export function constructorsLongerThan(dir: string, maxLines: number): ConstructorSize[] {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
  return files
    .sort()
    .flatMap((file) => constructorSizes(file, readFileSync(join(dir, file), 'utf8')))
    .filter((size) => size.bodyLines > maxLines);
}
