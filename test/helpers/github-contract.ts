// GitHub's published description of its API, as a check on requests: REST
// against the official OpenAPI description (@octokit/openapi), GraphQL
// against the published schema (@octokit/graphql-schema). The GitHub stand-in
// runs every request it gets through here, so a request GitHub would refuse
// fails the test that sent it instead of passing against our own picture of
// GitHub. Both descriptions are large: each is read once per test process, and
// request-body schemas are compiled on first use.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { schema as publishedSchema } from '@octokit/graphql-schema';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import {
  buildClientSchema,
  getVariableValues,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type IntrospectionQuery,
  type OperationDefinitionNode,
} from 'graphql';

const require = createRequire(import.meta.url);
// ajv-formats is CommonJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** What a request broke: the operation it meant (or tried) and why GitHub's description refuses it. */
export interface ContractViolation {
  /** `git/create-tree (POST /repos/{owner}/{repo}/git/trees)`, or the GraphQL operation. */
  operation: string;
  reason: string;
  /** The request as sent: method and path. */
  request: string;
}

export interface RestCheck {
  /** operationId, when the method and path name an operation. */
  operationId?: string;
  violation?: ContractViolation;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: { type?: string; enum?: unknown[] };
  'x-multi-segment'?: boolean;
}

interface Operation {
  method: string;
  template: string;
  operationId: string;
  regex: RegExp;
  /** Literal path segments: a template with more of them wins over one with a parameter there. */
  literals: number;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body?: { required: boolean; pointer: string; schema: unknown };
  validateBody?: ValidateFunction;
}

interface OpenApi {
  paths: Record<string, Record<string, { operationId: string; parameters?: Array<Parameter | { $ref: string }>; requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> } }>>;
  components: { parameters: Record<string, Parameter>; schemas: Record<string, unknown> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SPEC_ID = 'https://api.github.com/openapi.json';

let rest: { operations: Operation[]; ajv: Ajv } | undefined;

function restContract() {
  if (rest) return rest;
  const spec = JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')) as OpenApi;
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const params = (op.parameters ?? []).map((p) => ('$ref' in p ? spec.components.parameters[p.$ref.split('/').pop()!]! : p));
      const pathParams = params.filter((p) => p.in === 'path');
      const segments = template.split('/').slice(1);
      const pattern = segments
        .map((seg) =>
          seg.replace(/\{([^}]+)\}|[^{]+/g, (whole, name: string | undefined) => {
            if (name === undefined) return whole.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            // Parameters GitHub marks multi-segment (a ref, a file path) may hold slashes.
            return pathParams.find((p) => p.name === name)?.['x-multi-segment'] ? '(.+)' : '([^/]+)';
          }),
        )
        .join('/');
      const json = op.requestBody?.content?.['application/json'];
      const pointer = `#/paths/${escapePointer(template)}/${method}/requestBody/content/application~1json/schema`;
      operations.push({
        method: method.toUpperCase(),
        template,
        operationId: op.operationId,
        regex: new RegExp(`^/${pattern}$`),
        literals: segments.filter((s) => !s.includes('{')).length,
        pathParams,
        queryParams: params.filter((p) => p.in === 'query'),
        ...(json?.schema ? { body: { required: op.requestBody?.required === true, pointer, schema: json.schema } } : {}),
      });
    }
  }
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  // Only the shared schemas are registered; each body schema is compiled on first use, with its
  // `#/components/...` references pointed at them.
  ajv.addSchema({ $id: SPEC_ID, components: { schemas: spec.components.schemas } });
  rest = { operations, ajv };
  return rest;
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema && typeof schema === 'object') {
    return Object.fromEntries(
      Object.entries(schema).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${SPEC_ID}${v}` : rebase(v)]),
    );
  }
  return schema;
}

const label = (op: Operation) => `${op.operationId} (${op.method} ${op.template})`;

/**
 * Checks one REST request against the OpenAPI description: the operation
 * exists for the method and path, path and query parameters fit their
 * declared types and enums, required ones are present, and a JSON body
 * validates against the operation's request-body schema.
 */
export function checkRestRequest(method: string, pathAndQuery: string, rawBody: Buffer | string | undefined): RestCheck {
  const { operations, ajv } = restContract();
  const url = new URL(pathAndQuery, 'http://api.github.com');
  const request = `${method} ${pathAndQuery}`;
  const matching = (ops: Operation[]) =>
    ops
      .map((op) => ({ op, m: op.regex.exec(url.pathname) }))
      .filter((c): c is { op: Operation; m: RegExpExecArray } => c.m !== null)
      .sort((a, b) => b.op.literals - a.op.literals);
  const forMethod = matching(operations.filter((op) => op.method === method.toUpperCase()));
  if (forMethod.length === 0) {
    const candidates = matching(operations);
    if (candidates.length === 0) return { violation: { operation: `${method} ${url.pathname}`, reason: 'no operation in GitHub’s REST API has this path', request } };
    const templates = [...new Set(candidates.map((c) => c.op.template))];
    const methods = [...new Set(candidates.map((c) => c.op.method))].join(', ');
    return { violation: { operation: `${method} ${templates.join(' | ')}`, reason: `no ${method} operation on this path (it has ${methods})`, request } };
  }
  const { op, m } = forMethod[0]!;
  const fail = (reason: string): RestCheck => ({ operationId: op.operationId, violation: { operation: label(op), reason, request } });

  const names = [...op.template.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]);
  for (const p of op.pathParams) {
    const raw = m[names.indexOf(p.name) + 1];
    if (raw === undefined) continue;
    const problem = paramProblem(p, safeDecode(raw));
    if (problem) return fail(`path parameter ${p.name}: ${problem}`);
  }
  for (const p of op.queryParams) {
    const value = url.searchParams.get(p.name);
    if (value === null) {
      if (p.required) return fail(`query parameter ${p.name} is required`);
      continue;
    }
    const problem = paramProblem(p, value);
    if (problem) return fail(`query parameter ${p.name}: ${problem}`);
  }

  const text = rawBody === undefined ? '' : rawBody.toString();
  if (!op.body) return { operationId: op.operationId };
  if (text.trim() === '') return op.body.required ? fail('a JSON request body is required') : { operationId: op.operationId };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    return fail(`the request body is not JSON: ${(e as Error).message}`);
  }
  op.validateBody ??= ajv.compile(rebase(op.body.schema) as object);
  if (!op.validateBody(body)) {
    const errors = (op.validateBody.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? ` (${JSON.stringify(e.params.allowedValues)})` : ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
    return fail(`request body does not match the schema: ${errors.join('; ')}`);
  }
  return { operationId: op.operationId };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function paramProblem(p: Parameter, value: string): string | undefined {
  const s = p.schema ?? {};
  if (s.enum && !s.enum.map(String).includes(value)) return `${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`;
  if (s.type === 'integer' && !/^-?\d+$/.test(value)) return `${JSON.stringify(value)} is not an integer`;
  if (s.type === 'boolean' && !['true', 'false'].includes(value)) return `${JSON.stringify(value)} is not a boolean`;
  return undefined;
}

let graphqlSchema: GraphQLSchema | undefined;

/** Reads both descriptions now (a few seconds on a busy machine), so the first request checked does not pay for it. */
export function loadContracts(): void {
  restContract();
  schema();
}

function schema(): GraphQLSchema {
  if (graphqlSchema) return graphqlSchema;
  // The SDL file repeats a few field definitions, which graphql-js refuses; the introspection JSON is the same schema, clean.
  const json = publishedSchema.json as unknown as { data?: IntrospectionQuery } & IntrospectionQuery;
  graphqlSchema = buildClientSchema(json.data ?? json);
  return graphqlSchema;
}

export interface GraphqlCheck {
  /** The operation's name, or its first root field when it has none. */
  operation: string;
  /** The errors GitHub would answer (with HTTP 200); none when the request is valid. */
  errors: Array<{ message: string; locations?: ReadonlyArray<{ line: number; column: number }> }>;
  document?: DocumentNode;
  /** Variables after coercion to their declared types. */
  variables?: Record<string, unknown>;
  /** The root field the operation selects first (`createCommitOnBranch`). */
  rootField?: string;
  kind?: 'query' | 'mutation' | 'subscription';
}

/** Checks a GraphQL request body: the document parses and validates against GitHub's schema, and the variables coerce. */
export function checkGraphqlRequest(body: unknown): GraphqlCheck {
  const b = body as { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
  if (!b || typeof b.query !== 'string') return { operation: 'graphql', errors: [{ message: 'A query attribute must be specified and must be a string.' }] };
  let document: DocumentNode;
  try {
    document = parse(b.query);
  } catch (e) {
    return { operation: 'graphql', errors: [format(e as GraphQLError)] };
  }
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const wanted = typeof b.operationName === 'string' ? ops.find((o) => o.name?.value === b.operationName) : ops.length === 1 ? ops[0] : undefined;
  const first = wanted?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  const rootField = first?.kind === Kind.FIELD ? first.name.value : undefined;
  const operation = wanted?.name?.value ?? rootField ?? 'graphql';
  const base = { operation, document, ...(rootField ? { rootField } : {}), ...(wanted ? { kind: wanted.operation } : {}) };
  const invalid = validate(schema(), document);
  if (invalid.length > 0) return { ...base, errors: invalid.map(format) };
  if (!wanted) return { ...base, errors: [{ message: ops.length > 1 ? 'An operation name is required' : 'No operations in query document' }] };
  if (b.variables !== undefined && b.variables !== null && (typeof b.variables !== 'object' || Array.isArray(b.variables))) {
    return { ...base, errors: [{ message: '"variables" must be an object' }] };
  }
  const coerced = getVariableValues(schema(), wanted.variableDefinitions ?? [], (b.variables ?? {}) as Record<string, unknown>);
  if (coerced.errors) return { ...base, errors: coerced.errors.map(format) };
  return { ...base, errors: [], variables: coerced.coerced };
}

function format(e: GraphQLError) {
  return { message: e.message, ...(e.locations ? { locations: e.locations } : {}) };
}
