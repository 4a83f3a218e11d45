import type { FastifyRequest } from 'fastify';
import net, { type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../db/database';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { statementTimeoutFor, timeoutClass, type TimeoutClass } from './timeouts';

const request = (method: string, url: string, timeout?: TimeoutClass) =>
  ({ method, routeOptions: { url, config: timeout ? { timeout } : {} } }) as unknown as FastifyRequest;

describe('statement time limits by kind of request', () => {
  it('reads by GET, writes by other methods, exports, PDFs and imports by their address, a route’s own class first', () => {
    expect(timeoutClass(request('GET', '/api/visits/:visitId'))).toBe('read');
    expect(timeoutClass(request('POST', '/api/visits'))).toBe('write');
    expect(timeoutClass(request('DELETE', '/api/admin/privacy/people/:personId'))).toBe('write');
    for (const url of ['/api/my/export', '/api/admin/privacy/schools/:schoolId/export', '/api/schools/:schoolId/plans/:planId/pdf', '/api/schools/:schoolId/curriculum-maps/:mapId/import', '/api/rosters/oneroster', '/api/admin/privacy/retention/run']) {
      expect(timeoutClass(request(url.endsWith('export') || url.endsWith('pdf') ? 'GET' : 'POST', url)), url).toBe('export');
    }
    expect(timeoutClass(request('GET', '/api/rosters/imports'))).toBe('read');
    expect(timeoutClass(request('GET', '/api/anything', 'export'))).toBe('export');
  });

  it('takes the limits from the configuration, with defaults of 5, 10 and 60 seconds', () => {
    const config = loadConfig({});
    expect(config.statementTimeoutMs).toEqual({ read: 5_000, write: 10_000, export: 60_000 });
    expect(statementTimeoutFor(request('POST', '/api/my/export'), config)).toBe(60_000);
    const custom = loadConfig({ ROUNDS_STATEMENT_TIMEOUT_MS: '1500', ROUNDS_WRITE_STATEMENT_TIMEOUT_MS: '2500', ROUNDS_EXPORT_STATEMENT_TIMEOUT_MS: '90000' });
    expect(statementTimeoutFor(request('GET', '/api/me'), custom)).toBe(1_500);
    expect(statementTimeoutFor(request('PUT', '/api/me/password'), custom)).toBe(2_500);
  });

  it('refuses a limit that is not a whole positive number of milliseconds, naming the variable', () => {
    expect(() => loadConfig({ ROUNDS_STATEMENT_TIMEOUT_MS: '5s' })).toThrow(/ROUNDS_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds/);
    expect(() => loadConfig({ ROUNDS_DB_CONNECT_TIMEOUT_MS: '0' })).toThrow(/ROUNDS_DB_CONNECT_TIMEOUT_MS/);
    expect(() => loadConfig({ ROUNDS_HTTP_HEADERS_TIMEOUT_MS: '400000' })).toThrow(/must not be longer than ROUNDS_HTTP_REQUEST_TIMEOUT_MS/);
  });
});

describe('the HTTP server’s limits', () => {
  it('answers 408 and closes a connection whose headers do not arrive within the limit', async () => {
    // The check never reaches the database: nothing listens on port 1.
    const db = createDb('postgres://postgres@127.0.0.1:1/none');
    const config = { ...loadConfig({ ROUNDS_HTTP_HEADERS_TIMEOUT_MS: '500', ROUNDS_HTTP_REQUEST_TIMEOUT_MS: '1000' }), webDir: '/nonexistent' };
    const { app } = await buildApp({ db, config, databaseKind: 'postgres', version: 'test' });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const socket = net.connect((app.server.address() as AddressInfo).port, '127.0.0.1');
      const started = Date.now();
      const answer = new Promise<string>((resolve) => {
        let data = '';
        socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
        socket.on('close', () => resolve(data));
      });
      socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n'); // and the headers never end
      expect(await answer).toMatch(/^HTTP\/1\.1 408/);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await app.close();
      await db.destroy();
    }
  });
});
