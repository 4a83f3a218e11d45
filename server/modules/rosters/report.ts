import type { RosterProblem, RosterWarning } from '../../../schemas/rosters';

/** The most problems a rejection lists; the total is still counted. */
export const PROBLEM_CAP = 200;
/** The most distinct warnings kept; further kinds are counted in one last warning. */
export const WARNING_CAP = 100;
const SAMPLE_LINES = 5;
const MAX_MESSAGE = 400;
const clip = (message: string) => (message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message);

/** Collects the problems (which reject the bundle) and warnings (accepted untidiness) of one import. */
export class Report {
  readonly problems: RosterProblem[] = [];
  problemCount = 0;
  private readonly warningMap = new Map<string, RosterWarning>();

  /** Records a problem at file:line:column; returns false, so a filter can drop the row in one expression. */
  problem(file: string | null, line: number | null, column: string | null, message: string): false {
    this.problemCount += 1;
    if (this.problems.length < PROBLEM_CAP) this.problems.push({ file, line, column, message: clip(message) });
    return false;
  }

  /** Records an accepted untidiness; the same message in the same file and column is counted once with sample lines. */
  warn(file: string | null, column: string | null, message: string, line?: number | null, count = 1): void {
    let key = `${file ?? ''}\u0000${column ?? ''}\u0000${message}`;
    if (!this.warningMap.has(key) && this.warningMap.size >= WARNING_CAP) {
      key = '\u0000more';
      [file, column, message, line] = [null, null, 'More warnings of other kinds were found but not listed.', null];
    }
    let warning = this.warningMap.get(key);
    if (!warning) {
      warning = { file, column, message: clip(message), count: 0, lines: [] };
      this.warningMap.set(key, warning);
    }
    warning.count += count;
    if (line != null && warning.lines.length < SAMPLE_LINES) warning.lines.push(line);
  }

  /** Adds the problems and warnings of another report (one made in the parsing worker). */
  absorb(other: { problems: RosterProblem[]; problemCount: number; warnings: RosterWarning[] }): void {
    const unlisted = other.problemCount - other.problems.length;
    for (const p of other.problems) this.problem(p.file, p.line, p.column, p.message);
    this.problemCount += unlisted;
    for (const w of other.warnings) {
      this.warn(w.file, w.column, w.message, w.lines[0] ?? null, w.count);
      const kept = this.warningMap.get(`${w.file ?? ''}\u0000${w.column ?? ''}\u0000${w.message}`);
      if (kept) for (const line of w.lines.slice(1)) if (kept.lines.length < SAMPLE_LINES && !kept.lines.includes(line)) kept.lines.push(line);
    }
  }

  /** True when at least one problem was found. */
  get rejected(): boolean {
    return this.problemCount > 0;
  }

  /** The warnings in the order first seen. */
  get warnings(): RosterWarning[] {
    return [...this.warningMap.values()];
  }
}

/** `users.csv:12:email` — the field path of a problem as the API error's `fields` show it. */
export function problemPath(p: RosterProblem): string {
  return [p.file ?? 'upload', p.line ?? '', p.column ?? ''].join(':').replace(/:+$/, '');
}
