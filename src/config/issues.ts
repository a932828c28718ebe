// zod's findings in our own words: what was expected (with the allowed values),
// what was found, and for an unknown key the key that was probably meant.
// zod's own messages ("Too small: expected number to be >0") never reach a user.
import type { z } from 'zod';
import { closest } from './suggest.js';

export interface Finding {
  /** Key path of the value concerned. */
  path: PropertyKey[];
  /** An unknown key: it sits in the mapping at `path`. */
  key?: string;
  message: string;
}

type Issue = z.core.$ZodIssue;
type Schema = z.core.$ZodType;

/**
 * One finding per value, however many ways zod reported it: a value that
 * breaks two rules (`../x` is neither a plain folder name nor inside the
 * repository) is fixed by reading the first.
 */
export function describeIssues(issues: readonly Issue[], data: unknown, schema: Schema): Finding[] {
  const out = new Map<string, Finding>();
  for (const issue of issues) {
    for (const f of describe(issue, data, schema)) {
      const id = `${formatPath(f.path)}\0${f.key ?? ''}`;
      if (!out.has(id)) out.set(id, f);
    }
  }
  return [...out.values()];
}

function describe(issue: Issue, data: unknown, schema: Schema): Finding[] {
  const path = [...issue.path];
  const value = valueAt(data, path);
  const got = value === undefined ? undefined : describeValue(value);
  const found = (expected: string) => (got === undefined ? `missing: expected ${expected}` : `expected ${expected}, got ${got}`);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = keysAt(schema, path, data);
      return issue.keys.map((key) => {
        const form = otherFormWith(schema, path, data, key);
        return { path, key, message: form ? `unknown key here; it belongs with \`${form}\`` : unknownKey(key, allowed) };
      });
    }
    case 'invalid_type':
      return [{ path, message: found(typeName(issue.expected)) }];
    case 'invalid_value':
      return [{ path, message: found(oneOf(issue.values)) }];
    case 'invalid_union':
      // A discriminated union names the key that picks the form (`source.type`).
      if ('options' in issue && Array.isArray(issue.options)) return [{ path, message: found(oneOf(issue.options as unknown[])) }];
      return issue.errors.length > 0 ? issue.errors.flatMap((branch) => branch.flatMap((i) => describe({ ...i, path: [...path, ...i.path] } as Issue, data, schema))) : [{ path, message: `${got ?? 'missing'}: not one of the allowed forms` }];
    case 'too_small':
      return [{ path, message: ownMessage(issue, got) ?? found(bound(issue.origin, 'small', Number(issue.minimum), issue.inclusive !== false)) }];
    case 'too_big':
      return [{ path, message: ownMessage(issue, got) ?? found(bound(issue.origin, 'big', Number(issue.maximum), issue.inclusive !== false)) }];
    case 'invalid_format':
    case 'custom':
      return [{ path, message: ownMessage(issue, got) ?? found(issue.code === 'invalid_format' ? `a value in the form ${issue.format}` : 'a different value') }];
    case 'not_multiple_of':
      return [{ path, message: found(`a multiple of ${String(issue.divisor)}`) }];
    default:
      return [{ path, message: `${got ?? 'missing'}: not allowed here` }];
  }
}

/** Our schema's messages start in lower case ("expected a host name…"); zod's start in upper case. */
function ownMessage(issue: Issue, got: string | undefined): string | undefined {
  if (!/^[a-z]/.test(issue.message)) return undefined;
  const why = (issue as { params?: { why?: string } }).params?.why;
  return `${issue.message}${got === undefined ? '' : `, got ${got}`}${why ? ` (${why})` : ''}`;
}

function unknownKey(key: string, allowed: string[]): string {
  const guess = closest(key, allowed);
  if (guess) return `unknown key; did you mean \`${guess}\`?`;
  return allowed.length > 0 ? `unknown key; the keys here are ${allowed.map((k) => `\`${k}\``).join(', ')}` : 'unknown key';
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

function oneOf(values: readonly unknown[]): string {
  const v = values.map((x) => `\`${String(x)}\``);
  return v.length === 1 ? v[0]! : `${v.slice(0, -1).join(', ')} or ${v[v.length - 1]!}`;
}

function bound(origin: string, side: 'small' | 'big', n: number, inclusive: boolean): string {
  if (origin === 'string') {
    if (side === 'small' && n === 1) return 'non-empty text';
    return `text of ${side === 'small' ? 'at least' : 'at most'} ${n} characters`;
  }
  if (origin === 'array' || origin === 'set') {
    return `a list of ${side === 'small' ? 'at least' : 'at most'} ${n} item${n === 1 ? '' : 's'}`;
  }
  if (side === 'small') return inclusive ? `a number of at least ${n}` : `a number greater than ${n}`;
  return inclusive ? `a number of at most ${n}` : `a number less than ${n}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

export function describeValue(v: unknown): string {
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  return String(v);
}

// The keys the schema allows in the mapping at `path` (for "did you mean").
interface Def {
  type: string;
  shape?: Record<string, Schema>;
  innerType?: Schema;
  in?: Schema;
  out?: Schema;
  element?: Schema;
  options?: Schema[];
}

function defOf(s: Schema): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

/** Through defaults, optionals and preprocessing to the schema that checks the value. */
function core(s: Schema): Schema {
  for (;;) {
    const d = defOf(s);
    if ((d.type === 'default' || d.type === 'optional' || d.type === 'prefault' || d.type === 'nullable') && d.innerType) s = d.innerType;
    else if (d.type === 'pipe' && d.out) s = d.out;
    else return s;
  }
}

/** The schema of the value at `path`, through lists and the union forms the data picks. */
function schemaAt(schema: Schema, path: readonly PropertyKey[], data: unknown): { schema: Schema; value: unknown } | undefined {
  let s = core(schema);
  let v: unknown = data;
  for (const step of path) {
    const form = formsOf(s, v).matching[0];
    const d = form && defOf(form);
    const next = d?.shape ? d.shape[String(step)] : d?.element;
    if (!next) return undefined;
    s = core(next);
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[step] : undefined;
  }
  return { schema: s, value: v };
}

function keysAt(schema: Schema, path: readonly PropertyKey[], data: unknown): string[] {
  const at = schemaAt(schema, path, data);
  if (!at) return [];
  return [...new Set(formsOf(at.schema, at.value).matching.flatMap((f) => Object.keys(defOf(f).shape ?? {})))];
}

/** `type: html` when `key` is unknown here but allowed in that other form of the union (`item` on a feed source). */
function otherFormWith(schema: Schema, path: readonly PropertyKey[], data: unknown, key: string): string | undefined {
  const at = schemaAt(schema, path, data);
  if (!at) return undefined;
  const { matching, all } = formsOf(at.schema, at.value);
  const other = all.find((f) => !matching.includes(f) && defOf(f).shape?.[key]);
  const tag = other && Object.entries(defOf(other).shape ?? {}).find(([, field]) => defOf(core(field)).type === 'literal');
  const values = tag && (defOf(core(tag[1])) as { values?: unknown[] }).values;
  return tag && values ? `${tag[0]}: ${String(values[0])}` : undefined;
}

/** For a union, the forms whose fixed keys (`type: feed`) the value matches (else all of them), and all forms. */
function formsOf(s: Schema, v: unknown): { matching: Schema[]; all: Schema[] } {
  const d = defOf(s);
  if (d.type !== 'union' || !d.options) return { matching: [s], all: [s] };
  const forms = d.options.map(core);
  const get = (k: string) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined);
  const matching = forms.filter((f) =>
    Object.entries(defOf(f).shape ?? {}).every(([k, field]) => defOf(core(field)).type !== 'literal' || (core(field) as z.ZodType).safeParse(get(k)).success),
  );
  return { matching: matching.length > 0 ? matching : forms, all: forms };
}
