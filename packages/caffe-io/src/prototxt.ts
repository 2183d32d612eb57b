/**
 * A parser for the protobuf text format as Caffe writes it (.prototxt), driven by our caffe.proto schema.
 *
 * Supported: nested messages (`name { ... }`, `name: { ... }`, `name < ... >`), repeated fields (repeated entries
 * and `name: [a, b]` lists), enums by name or number, strings in either quote style with C escapes and adjacent
 * concatenation, `#` comments, integers (decimal, hex, octal), floats (exponents, `f` suffix, inf, nan, sign), and
 * optional `,` / `;` separators. Fields and enum values the schema does not know (SkimCaffe's `conv_mode`,
 * `gemm_mode`, ...) are skipped with a warning that names the line; syntax errors throw
 * `SparseCnnError('E_PARSE')` with file, line and column.
 */
import { SparseCnnError } from '@sparsecnn/tensor';
import { messageInfo } from './schema.js';
import type { FieldInfo, MessageInfo, NetParameter, ScalarKind } from './schema.js';

export interface ParseOptions {
  /** File name used in errors and warnings. */
  readonly file?: string;
}

export interface PrototxtResult<T> {
  readonly net: T;
  /** One line per skipped construct: `file:line:column: unknown field 'conv_mode' in LayerParameter (ignored)`. */
  readonly warnings: string[];
}

type TokenKind = 'ident' | 'number' | 'string' | 'symbol' | 'eof';
interface Token {
  readonly kind: TokenKind;
  /** Identifier / number text / symbol; for strings the decoded value. */
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

const MAX_DEPTH = 100;
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_.]/;
const SYMBOLS = new Set(['{', '}', '<', '>', ':', ',', ';', '[', ']', '-', '/', '+']);
const NUMBER_RE = /(?:0[xX][0-9a-fA-F]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fF]?)/y;

class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private peeked: Token | undefined;

  constructor(private readonly text: string, private readonly file: string | undefined) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  fail(message: string, at?: { line: number; column: number }): never {
    const line = at?.line ?? this.line;
    const column = at?.column ?? this.pos - this.lineStart + 1;
    throw new SparseCnnError('E_PARSE', message, { file: this.file, line, column });
  }

  peek(): Token {
    this.peeked ??= this.lex();
    return this.peeked;
  }

  next(): Token {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  private lex(): Token {
    const s = this.text;
    // Skip whitespace and comments.
    for (;;) {
      if (this.pos >= s.length) return { kind: 'eof', text: '', line: this.line, column: this.pos - this.lineStart + 1 };
      const c = s[this.pos]!;
      if (c === '\n') {
        this.pos++;
        this.line++;
        this.lineStart = this.pos;
      } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
        this.pos++;
      } else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else break;
    }
    const line = this.line;
    const column = this.pos - this.lineStart + 1;
    const c = s[this.pos]!;
    if (IDENT_START.test(c)) {
      const start = this.pos++;
      while (this.pos < s.length && IDENT_PART.test(s[this.pos]!)) this.pos++;
      return { kind: 'ident', text: s.slice(start, this.pos), line, column };
    }
    if ((c >= '0' && c <= '9') || (c === '.' && /[0-9]/.test(s[this.pos + 1] ?? ''))) {
      NUMBER_RE.lastIndex = this.pos;
      const m = NUMBER_RE.exec(s);
      if (!m) this.fail(`malformed number`);
      this.pos += m[0].length;
      if (this.pos < s.length && IDENT_PART.test(s[this.pos]!)) this.fail(`malformed number '${m[0]}${s[this.pos]}'`);
      return { kind: 'number', text: m[0], line, column };
    }
    if (c === '"' || c === "'") return { kind: 'string', text: this.lexString(c), line, column };
    if (SYMBOLS.has(c)) {
      this.pos++;
      return { kind: 'symbol', text: c, line, column };
    }
    this.fail(`unexpected character '${c}'`);
  }

  private lexString(quote: string): string {
    const s = this.text;
    const bytes: number[] = [];
    const encoder = new TextEncoder();
    this.pos++;
    let runStart = this.pos;
    const flush = (end: number): void => {
      if (end > runStart) for (const b of encoder.encode(s.slice(runStart, end))) bytes.push(b);
    };
    for (;;) {
      if (this.pos >= s.length || s[this.pos] === '\n') this.fail('unterminated string');
      const c = s[this.pos]!;
      if (c === quote) {
        flush(this.pos);
        this.pos++;
        break;
      }
      if (c !== '\\') {
        this.pos++;
        continue;
      }
      flush(this.pos);
      const e = s[this.pos + 1];
      if (e === undefined) this.fail('unterminated string');
      this.pos += 2;
      const simple: Record<string, number> = {
        n: 10, r: 13, t: 9, '\\': 92, "'": 39, '"': 34, '?': 63, a: 7, b: 8, f: 12, v: 11,
      };
      if (simple[e] !== undefined) bytes.push(simple[e]);
      else if (e >= '0' && e <= '7') {
        let v = e.charCodeAt(0) - 48;
        for (let k = 0; k < 2 && /[0-7]/.test(s[this.pos] ?? ''); k++) v = v * 8 + s.charCodeAt(this.pos++) - 48;
        if (v > 255) this.fail(`octal escape out of range`);
        bytes.push(v);
      } else if (e === 'x' || e === 'X') {
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(this.pos, this.pos + 2));
        if (!m) this.fail('malformed \\x escape');
        bytes.push(parseInt(m[0], 16));
        this.pos += m[0].length;
      } else if (e === 'u' || e === 'U') {
        const n = e === 'u' ? 4 : 8;
        const hex = s.slice(this.pos, this.pos + n);
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) this.fail(`malformed \\${e} escape`);
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) this.fail('code point out of range');
        for (const b of encoder.encode(String.fromCodePoint(cp))) bytes.push(b);
        this.pos += n;
      } else this.fail(`unknown escape '\\${e}'`);
      runStart = this.pos;
    }
    return new TextDecoder().decode(new Uint8Array(bytes));
  }
}

type Plain = Record<string, unknown>;

const INT_RANGES: Partial<Record<ScalarKind, readonly [number, number]>> = {
  int32: [-0x80000000, 0x7fffffff],
  sint32: [-0x80000000, 0x7fffffff],
  sfixed32: [-0x80000000, 0x7fffffff],
  uint32: [0, 0xffffffff],
  fixed32: [0, 0xffffffff],
  int64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  sint64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  sfixed64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
  fixed64: [0, Number.MAX_SAFE_INTEGER],
};

const SKIP = Symbol('skip');

class Parser {
  readonly warnings: string[] = [];
  constructor(private readonly lx: Lexer, private readonly file: string | undefined) {}

  private where(t: Token): string {
    return `${this.file ?? '<prototxt>'}:${t.line}:${t.column}`;
  }

  private expectSymbol(text: string): Token {
    const t = this.lx.next();
    if (t.kind !== 'symbol' || t.text !== text) this.lx.fail(`expected '${text}', found ${describe(t)}`, t);
    return t;
  }

  private trySymbol(text: string): boolean {
    const t = this.lx.peek();
    if (t.kind === 'symbol' && t.text === text) {
      this.lx.next();
      return true;
    }
    return false;
  }

  /** Parses fields until `close` ('}' or '>') or, at top level, end of input. */
  parseMessage(info: MessageInfo, close: string | undefined, depth: number): Plain {
    if (depth > MAX_DEPTH) this.lx.fail(`messages nested deeper than ${MAX_DEPTH}`);
    const out: Plain = {};
    for (;;) {
      const t = this.lx.peek();
      if (t.kind === 'eof') {
        if (close !== undefined) this.lx.fail(`unexpected end of input, expected '${close}'`, t);
        return out;
      }
      if (t.kind === 'symbol' && (t.text === '}' || t.text === '>')) {
        if (t.text !== close) this.lx.fail(`unexpected '${t.text}'`, t);
        this.lx.next();
        return out;
      }
      this.parseField(info, out, depth);
      if (!this.trySymbol(',')) this.trySymbol(';');
    }
  }

  private parseField(info: MessageInfo, out: Plain, depth: number): void {
    const nameTok = this.lx.next();
    let name: string;
    if (nameTok.kind === 'ident') name = nameTok.text;
    else if (nameTok.kind === 'symbol' && nameTok.text === '[') {
      // Extension or Any type URL: `[foo.bar] { ... }`. Our schema has none; skip it with a warning.
      const parts: string[] = [];
      for (let t = this.lx.next(); !(t.kind === 'symbol' && t.text === ']'); t = this.lx.next()) {
        if (t.kind === 'eof') this.lx.fail(`unterminated extension name`, t);
        parts.push(t.text);
      }
      name = `[${parts.join('')}]`;
    } else this.lx.fail(`expected a field name, found ${describe(nameTok)}`, nameTok);

    const field = info.fields.get(name);
    const colon = this.trySymbol(':');
    const t = this.lx.peek();
    const isMessageValue = t.kind === 'symbol' && (t.text === '{' || t.text === '<');
    const isList = colon && t.kind === 'symbol' && t.text === '[';

    if (!field) {
      this.warnings.push(`${this.where(nameTok)}: unknown field '${name}' in ${info.name} (ignored)`);
      if (isMessageValue) this.skipBlock();
      else if (isList) this.skipList();
      else {
        if (!colon) this.lx.fail(`expected ':' after '${name}'`, t);
        this.skipScalar();
      }
      return;
    }
    const isMessageField = typeof field.type === 'object' && field.type.kind === 'message';
    if (isMessageField && !isMessageValue && !isList) {
      this.lx.fail(`field '${name}' of ${info.name} is a message; expected '{'`, t);
    }
    if (!isMessageField && !colon) this.lx.fail(`expected ':' after '${name}'`, t);

    const values: unknown[] = [];
    if (isList) {
      if (!field.repeated) this.lx.fail(`field '${name}' of ${info.name} is not repeated; a list is not allowed`, t);
      this.lx.next();
      if (!this.trySymbol(']')) {
        for (;;) {
          const v = this.parseValue(field, info, depth);
          if (v !== SKIP) values.push(v);
          if (this.trySymbol(']')) break;
          this.expectSymbol(',');
        }
      }
    } else {
      const v = this.parseValue(field, info, depth);
      if (v !== SKIP) values.push(v);
    }
    if (field.repeated) {
      const arr = (out[name] as unknown[] | undefined) ?? [];
      arr.push(...values);
      out[name] = arr;
    } else if (values.length > 0) {
      if (Object.prototype.hasOwnProperty.call(out, name)) {
        this.lx.fail(`non-repeated field '${name}' of ${info.name} is specified more than once`, nameTok);
      }
      out[name] = values[values.length - 1];
    }
  }

  private parseValue(field: FieldInfo, owner: MessageInfo, depth: number): unknown {
    const type = field.type;
    if (typeof type === 'object' && type.kind === 'message') {
      const open = this.lx.next();
      if (open.kind !== 'symbol' || (open.text !== '{' && open.text !== '<')) {
        this.lx.fail(`expected '{' for message field '${field.name}', found ${describe(open)}`, open);
      }
      return this.parseMessage(type, open.text === '{' ? '}' : '>', depth + 1);
    }
    if (typeof type === 'object') {
      // Enum: a name, or a number.
      const neg = this.trySymbol('-');
      const t = this.lx.next();
      if (t.kind === 'ident' && !neg) {
        const v = type.values.get(t.text);
        if (v === undefined) {
          this.warnings.push(
            `${this.where(t)}: unknown value '${t.text}' for enum field '${field.name}' of ${owner.name} (ignored)`,
          );
          return SKIP;
        }
        return v;
      }
      if (t.kind === 'number') {
        const v = this.parseInteger(t, neg, 'int32');
        if (!type.names.has(v)) {
          this.warnings.push(`${this.where(t)}: unknown value ${v} for enum field '${field.name}' of ${owner.name} (ignored)`);
          return SKIP;
        }
        return v;
      }
      this.lx.fail(`expected an enum value for '${field.name}', found ${describe(t)}`, t);
    }
    switch (type) {
      case 'string':
      case 'bytes': {
        const t = this.lx.next();
        if (t.kind !== 'string') this.lx.fail(`expected a string for '${field.name}', found ${describe(t)}`, t);
        let v = t.text;
        while (this.lx.peek().kind === 'string') v += this.lx.next().text;
        return v;
      }
      case 'bool': {
        const t = this.lx.next();
        if (t.kind === 'ident') {
          if (t.text === 'true' || t.text === 'True' || t.text === 't') return true;
          if (t.text === 'false' || t.text === 'False' || t.text === 'f') return false;
        } else if (t.kind === 'number' && (t.text === '0' || t.text === '1')) return t.text === '1';
        this.lx.fail(`expected true or false for '${field.name}', found ${describe(t)}`, t);
      }
      case 'float':
      case 'double': {
        const neg = this.trySymbol('-');
        const t = this.lx.next();
        let v: number;
        if (t.kind === 'number') {
          v = /^0[xX]/.test(t.text) ? parseInt(t.text, 16) : parseFloat(t.text.replace(/[fF]$/, ''));
        } else if (t.kind === 'ident' && /^(inf|infinity)f?$/i.test(t.text)) v = Infinity;
        else if (t.kind === 'ident' && /^nanf?$/i.test(t.text)) v = NaN;
        else this.lx.fail(`expected a number for '${field.name}', found ${describe(t)}`, t);
        if (neg) v = -v;
        return type === 'float' ? Math.fround(v) : v;
      }
      default: {
        const neg = this.trySymbol('-');
        const t = this.lx.next();
        if (t.kind !== 'number') this.lx.fail(`expected an integer for '${field.name}', found ${describe(t)}`, t);
        return this.parseInteger(t, neg, type);
      }
    }
  }

  private parseInteger(t: Token, neg: boolean, kind: ScalarKind): number {
    let v: number;
    if (/^0[xX][0-9a-fA-F]+$/.test(t.text)) v = parseInt(t.text.slice(2), 16);
    else if (/^0[0-7]+$/.test(t.text)) v = parseInt(t.text.slice(1), 8);
    else if (/^[0-9]+$/.test(t.text)) v = Number(t.text);
    else this.lx.fail(`expected an integer, found '${t.text}'`, t);
    if (neg) v = -v;
    const range = INT_RANGES[kind] ?? INT_RANGES.int32!;
    if (!(v >= range[0] && v <= range[1])) this.lx.fail(`integer ${neg ? '-' : ''}${t.text} out of range for ${kind}`, t);
    return v;
  }

  /** Skips a balanced `{...}` or `<...>` block (iteratively, any depth). */
  private skipBlock(): void {
    const stack: string[] = [];
    do {
      const t = this.lx.next();
      if (t.kind === 'eof') this.lx.fail(`unexpected end of input inside a skipped block`, t);
      if (t.kind !== 'symbol') continue;
      if (t.text === '{') stack.push('}');
      else if (t.text === '<') stack.push('>');
      else if (t.text === '}' || t.text === '>') {
        if (stack.pop() !== t.text) this.lx.fail(`unbalanced '${t.text}'`, t);
      }
    } while (stack.length > 0);
  }

  private skipList(): void {
    this.expectSymbol('[');
    for (;;) {
      const t = this.lx.peek();
      if (t.kind === 'eof') this.lx.fail(`unexpected end of input inside a list`, t);
      if (t.kind === 'symbol' && t.text === ']') {
        this.lx.next();
        return;
      }
      if (t.kind === 'symbol' && (t.text === '{' || t.text === '<')) this.skipBlock();
      else this.lx.next();
    }
  }

  private skipScalar(): void {
    this.trySymbol('-');
    const t = this.lx.next();
    if (t.kind === 'string') {
      while (this.lx.peek().kind === 'string') this.lx.next();
      return;
    }
    if (t.kind === 'ident' || t.kind === 'number') return;
    this.lx.fail(`expected a value, found ${describe(t)}`, t);
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of input';
    case 'string':
      return `string "${t.text.length > 20 ? `${t.text.slice(0, 20)}...` : t.text}"`;
    default:
      return `'${t.text}'`;
  }
}

/** Parses text-format protobuf into a plain object of the given Caffe message type (e.g. 'NetParameter', 'BlobShape'). */
export function parseTextProto<T = Record<string, unknown>>(
  text: string,
  messageType: string,
  options: ParseOptions = {},
): PrototxtResult<T> {
  if (typeof text !== 'string') {
    throw new SparseCnnError('E_ARGUMENT', 'prototxt text must be a string', { file: options.file });
  }
  const lx = new Lexer(text, options.file);
  const parser = new Parser(lx, options.file);
  const net = parser.parseMessage(messageInfo(messageType), undefined, 0) as T;
  return { net, warnings: parser.warnings };
}

/** Parses a Caffe network definition (.prototxt) into a NetParameter. */
export function parsePrototxt(text: string, options: ParseOptions = {}): PrototxtResult<NetParameter> {
  return parseTextProto<NetParameter>(text, 'NetParameter', options);
}
