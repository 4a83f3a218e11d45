import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb } from '../../db/database';
import { buildApp, type BuiltApp } from '../app';
import { loadConfig } from '../config';

let dir: string;
let built: BuiltApp;
const db = createDb(inject('databaseUrl'), { max: 2 });

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-web-'));
  await fs.mkdir(path.join(dir, 'assets'));
  await fs.writeFile(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
  await fs.writeFile(path.join(dir, 'capture.html'), '<!doctype html><title>capture</title>');
  await fs.writeFile(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  built = await buildApp({ db, config: { ...loadConfig({}), webDir: dir }, databaseKind: 'embedded', version: 'test' });
});
afterAll(async () => {
  await built.app.close();
  await db.destroy();
  await fs.rm(dir, { recursive: true, force: true });
});

it('serves hashed assets as immutable and HTML revalidated, with the SPA fallback', async () => {
  const asset = await built.app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
  expect(asset.statusCode).toBe(200);
  expect(asset.headers['cache-control']).toContain('immutable');
  const deep = await built.app.inject({ method: 'GET', url: '/schools/123/staff' });
  expect(deep.statusCode).toBe(200);
  expect(deep.body).toContain('<title>app</title>');
  expect(deep.headers['cache-control']).toBe('no-cache');
  const root = await built.app.inject({ method: 'GET', url: '/' });
  expect(root.body).toContain('<title>app</title>');
  const capture = await built.app.inject({ method: 'GET', url: '/visits/new?teacher=1' });
  expect(capture.body).toContain('<title>capture</title>');
});

it('serves a file added after start-up (a rebuild) and keeps API 404s in the error shape', async () => {
  await fs.writeFile(path.join(dir, 'assets', 'late-xyz.js'), 'console.log(2)');
  expect((await built.app.inject({ method: 'GET', url: '/assets/late-xyz.js' })).statusCode).toBe(200);
  const api = await built.app.inject({ method: 'GET', url: '/api/nope' });
  expect(api.statusCode).toBe(404);
  expect(api.json().error.code).toBe('not_found');
  expect((await built.app.inject({ method: 'GET', url: '/assets/missing.js' })).body).toContain('<title>app</title>');
});
