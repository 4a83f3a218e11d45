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
  /** Two-step verification: set up or not, and whether the user's role requires it. */
  twoStep: z.object({ enabled: z.boolean(), required: z.boolean() }),
});
export type MeResponse = z.infer<typeof MeResponse>;

/** Answer of `POST /api/auth/login` when a second step is owed (a full sign-in answers 204). */
export const LoginNext = z.object({
  /** `totp`: enter the authenticator code; `enrol`: the role requires two-step verification, set it up now. */
  next: z.enum(['totp', 'enrol']),
});
export type LoginNext = z.infer<typeof LoginNext>;

/** Response of `GET /api/auth/state`: where this browser's sign-in stands. */
export const SignInState = z.object({
  stage: z.enum(['none', 'totp', 'enrol', 'full']),
  email: z.string().optional(),
});
export type SignInState = z.infer<typeof SignInState>;

/** Body of the second step and of enrolment confirmation: a 6-digit code (or, for the second step, a recovery code). */
export const TwoStepCodeBody = z.object({
  code: z.string().trim().min(1, 'Enter the code').max(40, 'Enter the 6-digit code or a recovery code'),
});
export type TwoStepCodeBody = z.infer<typeof TwoStepCodeBody>;

/** Response of `POST /api/auth/two-step/enrolment`: the secret to add to an authenticator app. */
export const TwoStepEnrolment = z.object({
  /** Base32 secret, for typing in by hand. */
  secret: z.string(),
  /** The otpauth:// URI (what the QR code holds). */
  uri: z.string(),
  /** The QR code as an SVG data URL, made by Rounds itself. */
  qrSvg: z.string(),
});
export type TwoStepEnrolment = z.infer<typeof TwoStepEnrolment>;

/** Response of enrolment confirmation: recovery codes, shown once. */
export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;

/** Response of `GET /api/admin/people/{personId}/two-step`: a person's two-step verification, for their district admin. */
export const TwoStepStatus = z.object({
  personId: z.string(),
  /** An authenticator app is set up. */
  enabled: z.boolean(),
  confirmedAt: z.string().nullable(),
  recoveryCodesLeft: z.number().int(),
  /** Their district role requires it: after a reset they set it up again at their next sign-in. */
  required: z.boolean(),
});
export type TwoStepStatus = z.infer<typeof TwoStepStatus>;

/** A district that offers single sign-on, as the sign-in page lists it. */
export const SsoProvider = z.object({ districtId: z.string(), districtName: z.string(), providerName: z.string() });
export const SsoProviders = z.object({ providers: z.array(SsoProvider) });
export type SsoProviders = z.infer<typeof SsoProviders>;

const domain = z
  .string()
  .trim()
  .max(253, 'A domain has at most 253 characters')
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'Enter a domain such as district.org (no @, no spaces)');

/** Body of `PUT /api/admin/sso`: the district's OpenID Connect settings. */
export const SsoSettingsBody = z.object({
  /** Shown on the sign-in button: "Sign in with Google Workspace". */
  providerName: z.string().trim().min(1, 'Enter the name shown on the sign-in button').max(60, 'Use at most 60 characters'),
  /** The issuer, e.g. https://accounts.google.com or https://login.microsoftonline.com/<tenant>/v2.0. */
  issuerUrl: z
    .string()
    .trim()
    .min(1, 'Enter the issuer URL')
    .max(500)
    .url('Enter the issuer URL, starting with https://')
    .refine((v) => /^https:\/\//.test(v) || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(v), 'The issuer URL must start with https://'),
  clientId: z.string().trim().min(1, 'Enter the client ID').max(500),
  /** Write-only: leave empty to keep the saved secret. */
  clientSecret: z.string().trim().max(1000).optional(),
  /** Email domains allowed to sign in this way; empty allows any domain of the district's accounts. */
  allowedDomains: z.array(domain).max(20, 'At most 20 domains'),
  /**
   * Domains whose addresses are taken as verified when the provider's ID token has no `email_verified` claim
   * (Microsoft Entra ID omits it): only domains the district owns and has verified with the provider. An explicit
   * `email_verified: false` is always refused.
   */
  verifiedDomains: z.array(domain).max(20, 'At most 20 domains').default([]),
  enabled: z.boolean(),
}).superRefine((body, ctx) => {
  if (body.allowedDomains.length === 0) return;
  body.verifiedDomains.forEach((d, i) => {
    if (!body.allowedDomains.includes(d)) {
      ctx.addIssue({ code: 'custom', path: ['verifiedDomains', i], message: `${d} is not one of the allowed domains: add it there too, or remove it here` });
    }
  });
});
export type SsoSettingsBody = z.infer<typeof SsoSettingsBody>;

/** Response of `GET /api/admin/sso` (the client secret is never returned). */
export const SsoSettings = z.object({
  configured: z.boolean(),
  providerName: z.string(),
  issuerUrl: z.string(),
  clientId: z.string(),
  hasClientSecret: z.boolean(),
  allowedDomains: z.array(z.string()),
  verifiedDomains: z.array(z.string()),
  enabled: z.boolean(),
  /** The redirect URI to register with the provider. */
  redirectUri: z.string(),
});
export type SsoSettings = z.infer<typeof SsoSettings>;
