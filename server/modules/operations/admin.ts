import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../../db/database';
import { createDistrict, createStaff } from '../../../db/seed/builders';
import { NewPassword } from '../../../schemas/auth';
import { writeAudit } from '../audit/audit';
import { isCommonPassword } from '../auth/common-passwords';
import { OperationError } from './connect';

const Email = z.string().trim().min(1, 'Give the email address with --email').max(320).email('is not a valid email address');

export interface AdminInput {
  email: string;
  /** The full name, "First Last" (everything before the last word is the given name). */
  name: string;
  /** The district to add the admin to; required when the database holds several. */
  district?: string;
}

export interface ValidAdminInput {
  email: string;
  givenName: string;
  familyName: string;
  district?: string;
}

/** Checks the account fields (not the password); throws an OperationError listing every problem. */
export function validateAdminInput(input: AdminInput): ValidAdminInput {
  const problems: string[] = [];
  const email = Email.safeParse(input.email);
  if (!email.success) problems.push(`--email "${input.email}": ${email.error.issues[0]?.message ?? 'is not valid'}`);
  const words = input.name.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) problems.push(`--name "${input.name}": give the first and last name, for example --name "Dana Whitfield"`);
  if (input.name.length > 200) problems.push('--name: use at most 200 characters');
  const district = input.district?.trim();
  if (input.district !== undefined && !district) problems.push('--district: the district name is empty');
  if (problems.length > 0) throw new OperationError(problems.join('\n'));
  return {
    email: email.data!.toLowerCase(),
    givenName: words.slice(0, -1).join(' '),
    familyName: words.at(-1)!,
    district: district || undefined,
  };
}

/** Checks a new password with the same rules as the API (schemas/auth.ts NewPassword); throws an OperationError. */
export function validateAdminPassword(password: string): string {
  const result = NewPassword.safeParse(password);
  if (!result.success) throw new OperationError(`The password is not accepted: ${result.error.issues[0]?.message ?? 'invalid'}.`);
  if (isCommonPassword(result.data)) {
    throw new OperationError('The password is not accepted: it is one of the most common passwords, which attackers try first. Choose another.');
  }
  return result.data;
}

export interface CreatedAdmin {
  personId: string;
  email: string;
  districtId: string;
  districtName: string;
  districtCreated: boolean;
  /** The district is the demo district (an install started with ROUNDS_DEMO on). */
  demoDistrict: boolean;
}

const isUniqueViolation = (error: unknown) => (error as { code?: string } | undefined)?.code === '23505';

/**
 * Creates a district_admin account (and the district itself when the database has none), with an
 * `account.created` audit row, in one transaction.
 */
export async function createAdminAccount(db: Db, input: ValidAdminInput, passwordHash: string): Promise<CreatedAdmin> {
  try {
    return await db.transaction().execute(async (trx) => {
      // Two commands at once on a fresh install must not make two districts.
      await sql`SELECT pg_advisory_xact_lock(hashtext('rounds.admin-create'))`.execute(trx);
      const existing = await trx
        .selectFrom('people')
        .select(['id'])
        .where(sql<string>`lower(email)`, '=', input.email)
        .where('kind', '=', 'staff')
        .executeTakeFirst();
      if (existing) throw new OperationError(`An account with the email ${input.email} already exists. Choose another email, or sign in with that account.`);

      const districts = await trx.selectFrom('districts').select(['id', 'name', 'sourced_id']).orderBy('name').execute();
      let district: { id: string; name: string; sourced_id: string | null };
      let districtCreated = false;
      if (input.district) {
        const wanted = input.district.toLowerCase();
        const match = districts.find((d) => d.name.toLowerCase() === wanted || d.id === input.district);
        if (match) district = match;
        else if (districts.length === 0) {
          const created = await createDistrict(trx, { name: input.district });
          district = { ...created, sourced_id: null };
          districtCreated = true;
        } else {
          throw new OperationError(`There is no district named "${input.district}". The districts are: ${districts.map((d) => `"${d.name}"`).join(', ')}.`);
        }
      } else if (districts.length === 1) {
        district = districts[0]!;
      } else if (districts.length === 0) {
        throw new OperationError('The database has no district yet: name it with --district, for example --district "Riverside Unified School District".');
      } else {
        throw new OperationError(
          `The database has ${districts.length} districts: say which one with --district (${districts.map((d) => `"${d.name}"`).join(', ')}).`,
        );
      }

      const person = await createStaff(trx, {
        districtId: district.id,
        givenName: input.givenName,
        familyName: input.familyName,
        email: input.email,
        sourcedId: `admin-${randomUUID()}`,
        roles: [{ role: 'district_admin' }],
        passwordHash,
        source: 'manual',
      });
      await writeAudit(trx, {
        action: 'account.created',
        districtId: district.id,
        entity: 'person',
        entityId: person.id,
        details: { email: input.email, roles: ['district_admin'], via: 'admin:create', districtCreated },
      });
      return {
        personId: person.id,
        email: input.email,
        districtId: district.id,
        districtName: district.name,
        districtCreated,
        demoDistrict: district.sourced_id === 'demo-district',
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new OperationError(`An account with the email ${input.email} already exists. Choose another email, or sign in with that account.`);
    throw error;
  }
}
