/**
 * Test support (not used by the node): a REST client for a running node that checks every reply
 * against the OpenAPI document (the route and status must be documented, the body must match the
 * documented schema), and the small JSON Schema subset the document uses.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENDPOINT_FILE, type NodeEndpoint } from '../node-endpoint.ts';
import type { DagwalletNode } from '../../node.ts';
import { OPENAPI_DOCUMENT } from './openapi.ts';

type Schema = Record<string, unknown>;

const document = OPENAPI_DOCUMENT as unknown as {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>
  >;
  components: { schemas: Record<string, Schema> };
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** What is wrong with `value` against `schema` (empty when it matches): type, enum, pattern, required, closed objects, items, $ref. */
export function schemaProblems(schema: Schema, value: unknown, at = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components.schemas[name];
    if (target === undefined) return [`${at}: unknown schema ${schema.$ref}`];
    return schemaProblems(target, value, at);
  }
  const problems: string[] = [];
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    const fits = types.includes(actual) || (actual === 'integer' && types.includes('number'));
    if (!fits) return [`${at}: ${actual}, documented as ${types.join(' | ')}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof schema.pattern === 'string' && typeof value === 'string' && !new RegExp(schema.pattern).test(value))
    problems.push(`${at}: '${value}' does not match ${schema.pattern}`);
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[])
      if (!(name in object)) problems.push(`${at}.${name}: missing`);
    for (const [name, field] of Object.entries(object)) {
      const property = properties[name];
      if (property !== undefined) problems.push(...schemaProblems(property, field, `${at}.${name}`));
      else if (schema.additionalProperties === false) problems.push(`${at}.${name}: not documented`);
    }
  }
  if (actual === 'array' && schema.items !== undefined)
    (value as unknown[]).forEach((item, i) =>
      problems.push(...schemaProblems(schema.items as Schema, item, `${at}[${i}]`)),
    );
  return problems;
}

/** The documented path template a concrete path matches, if any. */
export function documentedPath(pathname: string): string | undefined {
  const segments = pathname.split('/');
  return Object.keys(document.paths).find((template) => {
    const parts = template.split('/');
    return parts.length === segments.length && parts.every((part, i) => part.startsWith('{') || part === segments[i]);
  });
}

export interface RestReply<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

export interface RestRequest {
  method?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** Send the body in chunks without a Content-Length. */
  chunked?: boolean;
}

/** A client of a running node's REST API (loopback, the node's own port). */
export class RestTestClient {
  readonly port: number;
  readonly token: string;
  /** Replies checked against the document, for a test to count. */
  checked = 0;

  constructor(node: DagwalletNode) {
    const endpoint = JSON.parse(readFileSync(join(node.dir, ENDPOINT_FILE), 'utf8')) as NodeEndpoint;
    this.port = Number(new URL(endpoint.url).port);
    this.token = endpoint.token;
  }

  /** Any request, answered raw; a reply to a documented route is checked against the document. */
  request<T = unknown>(path: string, options: RestRequest = {}): Promise<RestReply<T>> {
    const method = options.method ?? 'GET';
    return new Promise((resolve, reject) => {
      const body = options.body === undefined ? undefined : Buffer.from(options.body);
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port: this.port,
          path,
          method,
          headers: {
            ...(body !== undefined && !options.chunked ? { 'content-length': body.length } : {}),
            ...options.headers,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              const reply: RestReply<T> = {
                status: response.statusCode ?? 0,
                headers: response.headers,
                body: (method === 'HEAD' || text === '' ? undefined : JSON.parse(text)) as T,
              };
              this.#check(method, path, reply);
              resolve(reply);
            } catch (error) {
              reject(error);
            }
          });
          response.on('error', reject);
        },
      );
      // A server refusing a body early may close the connection while it is still being sent.
      request.on('error', reject);
      if (body !== undefined && options.chunked) {
        for (let i = 0; i < body.length; i += 64 * 1024) request.write(body.subarray(i, i + 64 * 1024));
        request.end();
      } else request.end(body);
    });
  }

  /** GET `path`; asserts the status (200 unless told) and returns the body. */
  async get<T = unknown>(path: string, status = 200): Promise<T> {
    const reply = await this.request<T>(path);
    assert.equal(reply.status, status, `GET ${path}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  /** GET that must fail with `status` and `errorCode`; returns the message. */
  async error(path: string, status: number, errorCode: string, method = 'GET'): Promise<string> {
    const reply = await this.request<{ errorCode: string; errorMessage: string }>(path, { method });
    assert.equal(reply.status, status, `${method} ${path}: ${JSON.stringify(reply.body)}`);
    assert.equal(reply.body.errorCode, errorCode, `${method} ${path}: ${reply.body.errorMessage}`);
    return reply.body.errorMessage;
  }

  /** POST a JSON body to /transaction, with the token unless `token` is false (or another token). */
  postTransaction<T = unknown>(body: unknown, options: { token?: string | false } = {}): Promise<RestReply<T>> {
    const token = options.token === undefined ? this.token : options.token;
    return this.request<T>('/transaction', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(token === false ? {} : { authorization: `Bearer ${token}` }) },
    });
  }

  #check(method: string, path: string, reply: RestReply): void {
    const template = documentedPath(new URL(path, 'http://x').pathname);
    const operation = template === undefined ? undefined : document.paths[template]?.[method.toLowerCase()];
    if (operation === undefined || method === 'HEAD') return;
    const response = operation.responses[String(reply.status)];
    assert.ok(response, `${method} ${path}: status ${reply.status} is not documented`);
    const schema = response.content?.['application/json']?.schema;
    assert.ok(schema, `${method} ${path}: no schema for status ${reply.status}`);
    assert.deepEqual(schemaProblems(schema, reply.body), [], `${method} ${path}: the reply differs from the document`);
    assert.equal(reply.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(reply.headers['cache-control'], 'no-store');
    this.checked++;
  }
}
