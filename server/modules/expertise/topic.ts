/** Words that say nothing about a topic of practice. */
const STOP = new Set([
  'about', 'after', 'also', 'and', 'before', 'being', 'class', 'classes', 'classroom', 'does', 'each', 'from', 'have', 'into', 'lesson',
  'lessons', 'more', 'other', 'over', 'student', 'students', 'teacher', 'teachers', 'than', 'that', 'their', 'them', 'then', 'they',
  'this', 'through', 'using', 'what', 'when', 'where', 'which', 'while', 'with', 'your',
]);

/** A word's stem for matching: lower case, common English endings removed ("questioning", "questions" → "question"). */
export function stem(word: string): string {
  const w = word.toLowerCase();
  for (const ending of ['ing', 'ed', 'es', 's']) {
    if (w.endsWith(ending) && w.length - ending.length >= 4) return w.slice(0, -ending.length);
  }
  return w;
}

/** The words of a topic that matter for matching: 4 letters or more, not a stop word, stemmed. */
export function keywords(text: string): Set<string> {
  const words = text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').split(/[^a-z0-9]+/);
  return new Set(words.filter((w) => w.length >= 4 && !STOP.has(w)).map(stem));
}

/** True when two texts share a keyword. */
export function matches(topic: Set<string>, text: string): boolean {
  for (const k of keywords(text)) if (topic.has(k)) return true;
  return false;
}
