/** The low-inference helper: finds evaluative words in evidence, so the leader can describe what they saw instead. */

export interface EvaluativeFlag {
  /** The word or phrase from the school's list, as listed. */
  word: string;
  count: number;
  message: string;
}

const ADVICE = new Set(['should', 'must', 'needs to', 'need to', 'ought to', 'have to', 'has to']);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
let cached: { key: string; regex: RegExp | null } | undefined;

function patternFor(words: readonly string[]): RegExp | null {
  const key = words.join('\u0000');
  if (cached?.key !== key) {
    const list = [...new Set(words.map((w) => w.trim().toLowerCase()).filter(Boolean))].sort((a, b) => b.length - a.length);
    // Whole words only: "good" is found in "good job", not in "goodbye"; spaces in a phrase match any whitespace.
    const alternatives = list.map((w) => escape(w).replace(/\s+/g, '\\s+'));
    const regex = alternatives.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu') : null;
    cached = { key, regex };
  }
  return cached.regex;
}

/** Spans inside double quotes ("…" or “…”): a quote is evidence, whatever words it holds. An open quote runs to the end. */
function quotedSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(/"[^"]*(?:"|$)|“[^”]*(?:”|$)/g)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

export function adviceOrJudgement(word: string): string {
  return ADVICE.has(word)
    ? `‘${word}’ is advice — what did you see or hear that led to it?`
    : `‘${word}’ describes a judgement — what did you see or hear?`;
}

/** The evaluative words of `words` found in `text` (outside quotes), in order of first appearance. */
export function findEvaluative(text: string, words: readonly string[]): EvaluativeFlag[] {
  const regex = patternFor(words);
  if (!regex || !text) return [];
  const quoted = quotedSpans(text);
  const found = new Map<string, number>();
  for (const m of text.matchAll(regex)) {
    if (quoted.some(([from, to]) => m.index >= from && m.index < to)) continue;
    const word = m[0].toLowerCase().replace(/\s+/g, ' ');
    found.set(word, (found.get(word) ?? 0) + 1);
  }
  return [...found].map(([word, count]) => ({ word, count, message: adviceOrJudgement(word) }));
}
