/** `?plan=<id>`: which of the school's plans the plan page shows (default: the newest school year). */
export function validatePlanSearch(search: Record<string, unknown>): { plan?: string } {
  return typeof search.plan === 'string' && /^[0-9a-f-]{36}$/i.test(search.plan) ? { plan: search.plan } : {};
}
