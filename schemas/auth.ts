import { z } from 'zod';
import { Role } from './common';

/** Body of `POST /api/auth/login`. */
export const LoginBody = z.object({
  /** The email address the account was created with (case does not matter). */
  email: z.string().trim().min(1, 'Enter your email address').max(320).email('Enter a valid email address'),
  /** The account password. */
  password: z.string().min(1, 'Enter your password').max(1024),
});
export type LoginBody = z.infer<typeof LoginBody>;

/** Rules for a new password: long enough to resist guessing, short enough to hash quickly. */
export const NewPassword = z
  .string()
  .min(12, 'Use at least 12 characters')
  .max(256, 'Use at most 256 characters');

/** Body of `POST /api/me/password`. */
export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1, 'Enter your current password').max(1024),
  newPassword: NewPassword,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

/** A school the signed-in user works in, with their roles there. */
export const MeSchool = z.object({
  id: z.string(),
  name: z.string(),
  /** IANA time zone: the school's "today" and bell times are in it. */
  timezone: z.string(),
  roles: z.array(Role),
});

/** Response of `GET /api/me`. */
export const MeResponse = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  schools: z.array(MeSchool),
  /** The user's district and their district-wide roles (empty for school staff). */
  district: z.object({ id: z.string(), name: z.string(), roles: z.array(Role) }),
});
export type MeResponse = z.infer<typeof MeResponse>;
