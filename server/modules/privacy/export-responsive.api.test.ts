import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';

/**
 * A school export is rendered off the event loop: while it is being serialised and zipped, other requests are
 * answered. Proved by order, not by time: the export writes its audit entry after reading every row and before
 * rendering, so a health check sent after that entry exists and answered before the export's response was answered
 * while the export was being rendered. Rendered on the event loop, no request could be answered in that window.
 */
const ROWS = 20_000;
let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let admin: string;

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  admin = await sessionCookie(t.db, fx.users.district_admin.id);
  // A school with a long history: 20,000 audit entries, each with a few hundred bytes of details.
  await sql`
    INSERT INTO audit_log (action, actor_id, district_id, school_id, entity, details)
    SELECT 'test.bulk', ${fx.users.principal.id}, ${fx.district.id}, ${fx.school.id}, 'visit',
           jsonb_build_object('n', g, 'note', repeat('Observed small-group instruction; ', 10))
    FROM generate_series(1, ${ROWS}) g`.execute(t.db);
});
afterAll(() => t.close());

describe('a big export', () => {
  it('does not stop other requests from being answered while it is rendered', async () => {
    let exported = false;
    const exporting = t.app.inject({ method: 'GET', url: `/api/admin/privacy/schools/${fx.school.id}/export?format=zip`, headers: { cookie: admin } }).then((res) => {
      exported = true;
      return res;
    });
    let answeredWhileRendering = 0;
    while (!exported) {
      const audited = await t.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'privacy.school_exported')
        .where('school_id', '=', fx.school.id)
        .executeTakeFirst();
      if (!audited) continue;
      const health = await t.app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(200);
      if (!exported) answeredWhileRendering += 1;
    }
    const res = await exporting;
    expect(res.statusCode).toBe(200);
    // Several health checks, one after the other, each with its own database query, fitted inside the rendering.
    expect(answeredWhileRendering).toBeGreaterThanOrEqual(3);
    // And the export is whole.
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const audit = strFromU8(files['audit_log.csv']!).trimEnd().split('\n');
    expect(audit.filter((line) => line.includes('test.bulk'))).toHaveLength(ROWS);
    const json = JSON.parse(strFromU8(files['export.json']!)) as { tables: { audit_log: { action: string }[] } };
    expect(json.tables.audit_log.filter((r) => r.action === 'test.bulk')).toHaveLength(ROWS);
  });
});
