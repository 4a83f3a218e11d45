import { z } from 'zod';
import { Id } from './common';

export const DataClassName = z.enum(['student_record', 'staff_record', 'visit_note', 'operational']);

export const DataInventory = z.object({
  tables: z.array(
    z.object({
      table: z.string(),
      purpose: z.string(),
      columns: z.array(z.object({ name: z.string(), class: DataClassName, exported: z.boolean() })),
    }),
  ),
  retention: z.array(z.object({ key: z.string(), class: DataClassName, rule: z.string() })),
  lastRun: z.object({ startedAt: z.string(), finishedAt: z.string().nullable(), trigger: z.string(), removed: z.record(z.string(), z.number()) }).nullable(),
});
export type DataInventory = z.infer<typeof DataInventory>;

export const RetentionResult = z.object({ removed: z.record(z.string(), z.number()) });

export const PersonParams = z.object({ personId: Id });
export const SchoolExportParams = z.object({ schoolId: Id });
export const ExportQuery = z.object({ format: z.enum(['json', 'zip'], { message: 'Use json or zip' }).default('json') });

export const ErasurePreview = z.object({
  person: z.object({ id: z.string(), name: z.string(), kind: z.enum(['staff', 'student']), email: z.string().nullable(), sourcedId: z.string(), status: z.string() }),
  /** Rows about the person, deleted with them, per table. */
  deleted: z.record(z.string(), z.number()),
  /** Records they wrote that others keep, per table: "Former staff member" takes their place. */
  reassigned: z.record(z.string(), z.number()),
  /** What must change elsewhere before the person can be deleted (deleting now answers 409 naming these). */
  blockers: z.array(z.string()),
});
export type ErasurePreview = z.infer<typeof ErasurePreview>;

export const ErasureRequest = z.object({ confirmName: z.string().trim().min(1, { message: "Type the person's full name to confirm" }).max(300) });
export const ErasureResult = z.object({ deleted: z.record(z.string(), z.number()), reassigned: z.record(z.string(), z.number()) });

export const KeepPrivateNote = z.object({ keep: z.boolean({ message: 'Choose true to keep the note, false to let it be cleared' }) });
export const KeepPrivateNoteResult = z.object({ visitId: z.string(), privateNoteKept: z.boolean() });
