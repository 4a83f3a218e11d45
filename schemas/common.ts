import { z } from 'zod';

/** A UUID path or body identifier. */
export const Id = z.uuid({ message: 'must be a valid id (UUID)' });

/** The roles a person can hold; district roles apply to every school of the district. */
export const Role = z.enum(['district_admin', 'district_leader', 'principal', 'assistant_principal', 'coach', 'teacher']);
export type Role = z.infer<typeof Role>;

export const DISTRICT_ROLES = ['district_admin', 'district_leader'] as const satisfies readonly Role[];
export const SCHOOL_LEADER_ROLES = ['principal', 'assistant_principal', 'coach'] as const satisfies readonly Role[];
export const ALL_ROLES = Role.options;

/** Every error the API returns has this shape. */
export const ErrorBody = z.object({
  error: z.object({
    /** Stable machine-readable code, e.g. `validation_failed`. */
    code: z.string(),
    /** A sentence for a person: what went wrong and what to do. */
    message: z.string(),
    /** Field-level problems, when the input was at fault. */
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }).catchall(z.unknown()),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Path parameters of every school-scoped route. */
/** A school year as schools write it, July to June: "2026-27" (the second year must follow the first). */
export const SchoolYear = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}$/, 'Use a school year like 2026-27')
  .refine((v) => !/^\d{4}-\d{2}$/.test(v) || (Number(v.slice(0, 4)) + 1) % 100 === Number(v.slice(5)), 'Use two consecutive years, like 2026-27');
/** The school year a calendar year starts: 2026 → "2026-27". */
export const schoolYearStarting = (first: number) => `${first}-${String((first + 1) % 100).padStart(2, '0')}`;

export const SchoolParams = z.object({ schoolId: Id });

/** A body or query naming one school. */
export const SchoolQuery = z.object({ schoolId: Id });
