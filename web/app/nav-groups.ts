import type { ReactNode } from 'react';

export interface NavItem {
  key: string;
  link: ReactNode;
}

/**
 * The groups the less frequent pages of the main navigation fall into: a menu each on wide screens, sections of
 * "More" on phones. Items keep the order the features give them; a key missing here lands in the last group.
 */
const GROUPS: { id: string; label: string; keys: string[] }[] = [
  { id: 'daily', label: 'Daily work', keys: ['habit', 'follow-up', 'follow-through'] },
  { id: 'learning', label: 'Learning', keys: ['assessments', 'goals', 'curriculum', 'my-evaluation', 'evaluation', 'coaching', 'learn'] },
  { id: 'leadership', label: 'Leadership', keys: ['insights', 'decisions', 'plan', 'teams', 'culture'] },
  { id: 'school', label: 'School', keys: ['staff', 'classes', 'settings', 'evaluation-rubrics'] },
  { id: 'district', label: 'District', keys: ['rosters', 'audit', 'privacy', 'sso', 'email'] },
];

export interface NavGroup {
  id: string;
  label: string;
  items: NavItem[];
}

/** The non-empty groups, in order, each with its items in group order. */
export function groupNav(items: NavItem[]): NavGroup[] {
  const last = GROUPS[GROUPS.length - 1]!;
  const groups = GROUPS.map((g) => ({ id: g.id, label: g.label, items: [] as NavItem[] }));
  const rank = (key: string) => {
    for (const [i, g] of GROUPS.entries()) {
      const at = g.keys.indexOf(key);
      if (at >= 0) return { group: i, at };
    }
    return { group: GROUPS.indexOf(last), at: Number.MAX_SAFE_INTEGER };
  };
  const sorted = items.map((item, order) => ({ item, order, ...rank(item.key) })).sort((a, b) => a.group - b.group || a.at - b.at || a.order - b.order);
  for (const s of sorted) groups[s.group]!.items.push(s.item);
  return groups.filter((g) => g.items.length > 0);
}
