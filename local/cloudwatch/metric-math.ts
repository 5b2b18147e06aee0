import { AwsServiceError } from '../http/service.js';

/** A time series: timestamp (ms) → value. */
export type TimeSeries = ReadonlyMap<number, number>;

/** A parsed metric-math expression. */
export type MathNode =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'ref'; readonly id: string }
  | { readonly kind: 'neg'; readonly operand: MathNode }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/'; readonly left: MathNode; readonly right: MathNode }
  | { readonly kind: 'fill'; readonly series: MathNode; readonly value: number };

type Token = { kind: 'num'; value: number } | { kind: 'id'; name: string } | { kind: 'sym'; sym: string };

function invalid(expression: string, why: string): AwsServiceError {
  return new AwsServiceError(
    'ValidationError',
    `Expression ${JSON.stringify(expression)} is not valid: ${why}. The sandbox supports + - * /, parentheses, numbers, query ids and FILL(id, number).`,
  );
}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/(),]))/y;
  let index = 0;
  while (index < expression.length) {
    if (/^\s*$/.test(expression.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(expression);
    if (!match) throw invalid(expression, `unexpected character at position ${index}`);
    if (match[1] !== undefined) tokens.push({ kind: 'num', value: Number(match[1]) });
    else if (match[2] !== undefined) tokens.push({ kind: 'id', name: match[2] });
    else tokens.push({ kind: 'sym', sym: match[3]! });
    index = pattern.lastIndex;
  }
  return tokens;
}

/** Parses a metric-math expression into a tree; throws `ValidationError` when it is malformed. */
export function parseMetricMath(expression: string): MathNode {
  const tokens = tokenize(expression);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const isSym = (sym: string): boolean => {
    const token = peek();
    return token?.kind === 'sym' && token.sym === sym;
  };
  const expect = (sym: string): void => {
    if (!isSym(sym)) throw invalid(expression, `expected "${sym}"`);
    position++;
  };

  const primary = (): MathNode => {
    const token = peek();
    if (!token) throw invalid(expression, 'it ends too early');
    position++;
    if (token.kind === 'num') return { kind: 'number', value: token.value };
    if (token.kind === 'id') {
      if (token.name.toUpperCase() !== 'FILL' || !isSym('(')) return { kind: 'ref', id: token.name };
      position++;
      const series = sum();
      expect(',');
      const negative = isSym('-') ? (position++, true) : false;
      const fill = peek();
      if (fill?.kind !== 'num') throw invalid(expression, 'FILL takes a number as its second argument');
      position++;
      expect(')');
      return { kind: 'fill', series, value: negative ? -fill.value : fill.value };
    }
    if (token.sym === '(') {
      const inner = sum();
      expect(')');
      return inner;
    }
    if (token.sym === '-') return { kind: 'neg', operand: primary() };
    throw invalid(expression, `unexpected "${token.sym}"`);
  };
  const product = (): MathNode => {
    let left = primary();
    while (isSym('*') || isSym('/')) {
      const op = (tokens[position++] as { sym: '*' | '/' }).sym;
      left = { kind: 'binary', op, left, right: primary() };
    }
    return left;
  };
  const sum = (): MathNode => {
    let left = product();
    while (isSym('+') || isSym('-')) {
      const op = (tokens[position++] as { sym: '+' | '-' }).sym;
      left = { kind: 'binary', op, left, right: product() };
    }
    return left;
  };

  const tree = sum();
  if (position !== tokens.length) throw invalid(expression, 'it has extra input after a complete expression');
  return tree;
}

/** The query ids an expression refers to. */
export function referencedIds(node: MathNode): string[] {
  switch (node.kind) {
    case 'number':
      return [];
    case 'ref':
      return [node.id];
    case 'neg':
      return referencedIds(node.operand);
    case 'fill':
      return referencedIds(node.series);
    case 'binary':
      return [...referencedIds(node.left), ...referencedIds(node.right)];
  }
}

function apply(op: '+' | '-' | '*' | '/', a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
  }
}

function mapSeries(series: TimeSeries, fn: (value: number) => number): Map<number, number> {
  const result = new Map<number, number>();
  for (const [time, value] of series) {
    const out = fn(value);
    // CloudWatch drops datapoints that come out as NaN or infinite (e.g. division by zero).
    if (Number.isFinite(out)) result.set(time, out);
  }
  return result;
}

/**
 * Evaluates an expression over the series of other queries. Like CloudWatch, an operation on
 * two series keeps only the timestamps present in both; `FILL` supplies a value where a series
 * has none, over `timestamps` (every period of the query range).
 */
export function evaluateMetricMath(node: MathNode, resolve: (id: string) => TimeSeries, timestamps: readonly number[]): TimeSeries | number {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'ref':
      return resolve(node.id);
    case 'neg': {
      const operand = evaluateMetricMath(node.operand, resolve, timestamps);
      return typeof operand === 'number' ? -operand : mapSeries(operand, (v) => -v);
    }
    case 'fill': {
      const series = evaluateMetricMath(node.series, resolve, timestamps);
      if (typeof series === 'number') return series;
      const filled = new Map<number, number>();
      for (const time of timestamps) filled.set(time, series.get(time) ?? node.value);
      return filled;
    }
    case 'binary': {
      const left = evaluateMetricMath(node.left, resolve, timestamps);
      const right = evaluateMetricMath(node.right, resolve, timestamps);
      if (typeof left === 'number' && typeof right === 'number') return apply(node.op, left, right);
      if (typeof left === 'number') return mapSeries(right as TimeSeries, (v) => apply(node.op, left, v));
      if (typeof right === 'number') return mapSeries(left, (v) => apply(node.op, v, right));
      const result = new Map<number, number>();
      for (const [time, value] of left) {
        const other = right.get(time);
        if (other === undefined) continue;
        const out = apply(node.op, value, other);
        if (Number.isFinite(out)) result.set(time, out);
      }
      return result;
    }
  }
}
