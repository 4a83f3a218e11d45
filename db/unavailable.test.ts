import { describe, expect, it } from 'vitest';
import { databaseTrouble, DatabaseUnavailableError } from './unavailable';

const withCode = (code: string) => Object.assign(new Error(`error ${code}`), { code });

describe('which errors mean the database is unavailable', () => {
  it('classifies by SQLSTATE and socket error code', () => {
    expect(databaseTrouble(withCode('57014'))).toBe('timeout'); // statement_timeout
    expect(databaseTrouble(withCode('53300'))).toBe('busy'); // too many connections
    for (const code of ['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']) {
      expect(databaseTrouble(withCode(code)), code).toBe('unreachable');
    }
    expect(databaseTrouble(new DatabaseUnavailableError('busy', 'no connection'))).toBe('busy');
  });

  it('leaves every other error alone: constraints, bad input, bugs', () => {
    for (const error of [withCode('23505'), withCode('22P02'), withCode('42501'), withCode('40001'), withCode('0A000'), new TypeError('x is undefined'), undefined, null, 'text']) {
      expect(databaseTrouble(error)).toBeUndefined();
    }
  });

  it('looks through errors that wrap the one the database gave', () => {
    expect(databaseTrouble(new Error('saving the visit failed', { cause: withCode('57P01') }))).toBe('unreachable');
    expect(databaseTrouble(new Error('outer', { cause: new Error('inner', { cause: withCode('57014') }) }))).toBe('timeout');
    expect(databaseTrouble(new Error('outer', { cause: withCode('23505') }))).toBeUndefined();
  });
});
