// A small parser for CKAN/Solr-style q and fq strings: field:value terms, quoted values, ranges
// [a TO b], AND / OR / NOT (also + and -), parentheses, field:(a OR b), and *:*. Anything else is
// a syntax error with the position, which the API reports as a 409 validation error.

export type QueryNode =
  | { kind: 'all' }
  | { kind: 'text'; text: string }
  | { kind: 'term'; field: string; value: string; prefix: boolean }
  | { kind: 'range'; field: string; from: string | null; to: string | null }
  | { kind: 'and'; children: QueryNode[] }
  | { kind: 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode };

export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    public readonly position: number,
  ) {
    super(message);
    this.name = 'QuerySyntaxError';
  }
}

type Token =
  | { type: 'word'; value: string; pos: number }
  | { type: 'quoted'; value: string; pos: number }
  | { type: 'lparen' | 'rparen' | 'lbracket' | 'rbracket' | 'lbrace' | 'rbrace' | 'colon' | 'plus' | 'minus'; pos: number };

const MAX_DEPTH = 20;
const MAX_TOKENS = 500;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const single: Record<string, Token['type']> = { '(': 'lparen', ')': 'rparen', '[': 'lbracket', ']': 'rbracket', '{': 'lbrace', '}': 'rbrace', ':': 'colon' };
    if (single[c]) {
      tokens.push({ type: single[c], pos: i } as Token);
      i++;
    } else if ((c === '+' || c === '-') && (i === 0 || /[\s(]/.test(input[i - 1]!))) {
      tokens.push({ type: c === '+' ? 'plus' : 'minus', pos: i });
      i++;
    } else if (c === '"') {
      const start = i;
      let value = '';
      i++;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === '\\' && i + 1 < input.length) i++;
        value += input[i];
        i++;
      }
      if (i >= input.length) throw new QuerySyntaxError('unterminated quoted value', start);
      i++;
      tokens.push({ type: 'quoted', value, pos: start });
    } else {
      const start = i;
      let value = '';
      while (i < input.length && !/[\s()[\]{}:"]/.test(input[i]!)) {
        if (input[i] === '\\' && i + 1 < input.length) i++;
        value += input[i];
        i++;
      }
      // "2020-01-01T00:00:00Z" inside a range contains colons: keep them in the word.
      while (i < input.length && input[i] === ':' && /^\d{4}-\d{2}-\d{2}T\d{1,2}$/.test(value.replace(/:\d{2}$/, '').replace(/:\d{2}$/, ''))) {
        value += ':';
        i++;
        while (i < input.length && !/[\s()[\]{}:"]/.test(input[i]!)) value += input[i++];
      }
      tokens.push({ type: 'word', value, pos: start });
    }
    if (tokens.length > MAX_TOKENS) throw new QuerySyntaxError('query is too long', i);
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private isWord(token: Token | undefined, word: string): boolean {
    return token?.type === 'word' && token.value === word;
  }
  private fail(message: string, token?: Token): never {
    throw new QuerySyntaxError(message, token?.pos ?? this.length);
  }

  parse(): QueryNode {
    if (this.tokens.length === 0) return { kind: 'all' };
    const node = this.or(0);
    const rest = this.peek();
    if (rest) this.fail(rest.type === 'rparen' ? 'unbalanced closing parenthesis' : 'unexpected token', rest);
    return node;
  }

  private or(depth: number): QueryNode {
    const children = [this.and(depth)];
    while (this.isWord(this.peek(), 'OR')) {
      this.i++;
      if (!this.peek() || this.peek()!.type === 'rparen') this.fail('OR needs a term after it', this.peek());
      children.push(this.and(depth));
    }
    return children.length === 1 ? children[0]! : { kind: 'or', children };
  }

  private and(depth: number): QueryNode {
    const children = [this.unary(depth)];
    for (;;) {
      const next = this.peek();
      if (!next || next.type === 'rparen' || this.isWord(next, 'OR')) break;
      if (this.isWord(next, 'AND')) {
        this.i++;
        if (!this.peek() || this.peek()!.type === 'rparen' || this.isWord(this.peek(), 'OR')) this.fail('AND needs a term after it', this.peek());
      }
      children.push(this.unary(depth));
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  }

  private unary(depth: number): QueryNode {
    const token = this.peek();
    if (!token) this.fail('a term is missing');
    if (this.isWord(token, 'NOT') || token.type === 'minus') {
      this.i++;
      if (!this.peek()) this.fail('NOT needs a term after it');
      return { kind: 'not', child: this.unary(depth) };
    }
    if (token.type === 'plus') {
      this.i++;
      if (!this.peek()) this.fail('+ needs a term after it');
      return this.unary(depth);
    }
    return this.primary(depth);
  }

  private primary(depth: number): QueryNode {
    if (depth > MAX_DEPTH) this.fail('query is nested too deeply', this.peek());
    const token = this.peek()!;
    if (token.type === 'lparen') {
      this.i++;
      if (this.peek()?.type === 'rparen') this.fail('empty parentheses', this.peek());
      const inner = this.or(depth + 1);
      if (this.peek()?.type !== 'rparen') this.fail('missing closing parenthesis', this.peek() ?? token);
      this.i++;
      return inner;
    }
    if (token.type === 'quoted') {
      this.i++;
      return { kind: 'text', text: token.value };
    }
    if (token.type !== 'word') this.fail('unexpected token', token);
    if (['AND', 'OR'].includes(token.value)) this.fail(`${token.value} needs a term before it`, token);
    this.i++;
    if (this.peek()?.type !== 'colon') {
      return { kind: 'text', text: token.value };
    }
    const field = token.value;
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(field) && field !== '*') this.fail('invalid field name', token);
    this.i++; // colon
    const value = this.peek();
    if (!value) this.fail(`a value is missing after ${field}:`);
    if (field === '*') {
      if (value.type === 'word' && value.value === '*') {
        this.i++;
        return { kind: 'all' };
      }
      this.fail('only *:* may use * as the field', token);
    }
    if (value.type === 'lbracket' || value.type === 'lbrace') return this.range(field);
    if (value.type === 'lparen') {
      this.i++;
      const alternatives: QueryNode[] = [];
      let op: 'or' | 'and' = 'or';
      while (this.peek() && this.peek()!.type !== 'rparen') {
        const next = this.peek()!;
        if (this.isWord(next, 'OR')) {
          this.i++;
          continue;
        }
        if (this.isWord(next, 'AND')) {
          op = 'and';
          this.i++;
          continue;
        }
        if (next.type !== 'word' && next.type !== 'quoted') this.fail('expected a value', next);
        this.i++;
        alternatives.push(this.fieldValue(field, next.value, next.type === 'quoted'));
      }
      if (this.peek()?.type !== 'rparen') this.fail('missing closing parenthesis', value);
      this.i++;
      if (alternatives.length === 0) this.fail('empty value list', value);
      return alternatives.length === 1 ? alternatives[0]! : { kind: op, children: alternatives };
    }
    if (value.type !== 'word' && value.type !== 'quoted') this.fail('expected a value', value);
    this.i++;
    return this.fieldValue(field, value.value, value.type === 'quoted');
  }

  private fieldValue(field: string, raw: string, quoted: boolean): QueryNode {
    if (!quoted && raw === '*') return { kind: 'range', field, from: null, to: null };
    const prefix = !quoted && raw.endsWith('*') && raw.length > 1;
    return { kind: 'term', field, value: prefix ? raw.slice(0, -1) : raw, prefix };
  }

  private range(field: string): QueryNode {
    const open = this.tokens[this.i]!;
    this.i++;
    const from = this.peek();
    if (!from || (from.type !== 'word' && from.type !== 'quoted')) this.fail('a range needs a lower bound', from ?? open);
    this.i++;
    if (!this.isWord(this.peek(), 'TO')) this.fail('a range needs TO', this.peek() ?? open);
    this.i++;
    const to = this.peek();
    if (!to || (to.type !== 'word' && to.type !== 'quoted')) this.fail('a range needs an upper bound', to ?? open);
    this.i++;
    const close = this.peek();
    if (!close || (close.type !== 'rbracket' && close.type !== 'rbrace')) this.fail('missing ] at the end of the range', close ?? open);
    this.i++;
    const bound = (t: Token) => ((t as { value: string }).value === '*' ? null : (t as { value: string }).value);
    return { kind: 'range', field, from: bound(from), to: bound(to) };
  }
}

/** Parses a q or fq string; throws QuerySyntaxError with the position of the problem. */
export function parseQuery(input: string): QueryNode {
  const trimmed = input.trim();
  if (trimmed === '') return { kind: 'all' };
  return new Parser(tokenize(trimmed), trimmed.length).parse();
}

/** Combines the q and fq trees (both must match). */
export function combine(...nodes: QueryNode[]): QueryNode {
  const parts = nodes.filter((n) => n.kind !== 'all');
  if (parts.length === 0) return { kind: 'all' };
  return parts.length === 1 ? parts[0]! : { kind: 'and', children: parts };
}
