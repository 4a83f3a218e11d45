import { useId, useState } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { FormMessage } from '../../lib/ui';
import { TextArea } from '../conversations/TextArea';
import { useSaveRatings, type Cycle, type RatingInput } from './api';

type Draft = Record<string, { level: number | null; evidence: string; rationale: string }>;

function initialDraft(cycle: Cycle): Draft {
  const draft: Draft = {};
  for (const d of cycle.rubric.domains) for (const c of d.components) draft[c.key] = { level: null, evidence: '', rationale: '' };
  for (const r of cycle.ratings) draft[r.componentKey] = { level: r.level, evidence: r.evidence, rationale: r.rationale };
  return draft;
}

/**
 * The evaluator's ratings over the rubric: per component a radio group of the performance levels (arrow keys move
 * between levels), the evidence and a rationale. Components with a level chosen are saved together, all or none.
 */
export function RatingsGrid({ schoolId, cycle }: { schoolId: string; cycle: Cycle }) {
  const id = useId();
  const save = useSaveRatings(schoolId, cycle.id);
  const [draft, setDraft] = useState<Draft>(() => initialDraft(cycle));
  const [sent, setSent] = useState<RatingInput[]>([]);
  const failure = save.error instanceof ApiError ? save.error : undefined;
  /** The server's message for one field of one component, from `body.ratings.N.field`. */
  const problem = (key: string, field: string) => {
    const index = sent.findIndex((r) => r.componentKey === key);
    return index < 0 ? undefined : failure?.fields.find((f) => f.path === `body.ratings.${index}.${field}`)?.message;
  };
  const set = (key: string, change: Partial<Draft[string]>) => setDraft((d) => ({ ...d, [key]: { ...d[key]!, ...change } }));
  const chosen = Object.values(draft).filter((r) => r.level !== null).length;
  const total = Object.keys(draft).length;
  return (
    <section className="card section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Ratings</h2>
      <p className="meta">
        Rate each component on the rubric with the evidence behind it and why it fits that level. {chosen} of {total} components have a level.
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const ratings = Object.entries(draft)
            .filter(([, r]) => r.level !== null)
            .map(([componentKey, r]) => ({ componentKey, level: r.level!, evidence: r.evidence, rationale: r.rationale }));
          setSent(ratings);
          save.mutate(ratings);
        }}
      >
        {cycle.rubric.domains.map((domain) => (
          <div key={domain.key} className="rating-domain">
            <h3>{domain.name}</h3>
            {domain.components.map((component) => {
              const value = draft[component.key]!;
              const levelError = problem(component.key, 'level') ?? problem(component.key, 'componentKey');
              return (
                <fieldset key={component.key} className={`rating-component${levelError ? ' field-invalid' : ''}`}>
                  <legend>{component.name}</legend>
                  <div className="rating-levels">
                    {component.levels.map((level) => {
                      const label = cycle.rubric.scale.find((s) => s.value === level.value)?.label ?? String(level.value);
                      return (
                        <div key={level.value} className={`rating-level${value.level === level.value ? ' rating-level-chosen' : ''}`}>
                          <input
                            type="radio"
                            id={`${id}-${component.key}-${level.value}`}
                            name={`${id}-${component.key}`}
                            value={level.value}
                            checked={value.level === level.value}
                            onChange={() => set(component.key, { level: level.value })}
                            aria-describedby={`${id}-${component.key}-${level.value}-d`}
                          />
                          <label htmlFor={`${id}-${component.key}-${level.value}`} className="rating-level-name">
                            {level.value} · {label}
                          </label>
                          {/* The descriptor describes the radio (aria-describedby); clicking it chooses the level too. */}
                          <span className="rating-level-descriptor" id={`${id}-${component.key}-${level.value}-d`} onClick={() => set(component.key, { level: level.value })}>
                            {level.descriptor}
                          </span>
                        </div>
                      );
                    })}
                  </div>
                  {levelError ? <p className="field-error">{levelError}</p> : null}
                  {value.level !== null ? (
                    <div className="rating-text">
                      <TextArea label={`Evidence: ${component.name}`} rows={2} value={value.evidence} onChange={(e) => set(component.key, { evidence: e.target.value })} error={problem(component.key, 'evidence')} />
                      <TextArea label={`Rationale: ${component.name}`} rows={2} value={value.rationale} onChange={(e) => set(component.key, { rationale: e.target.value })} error={problem(component.key, 'rationale')} />
                    </div>
                  ) : null}
                </fieldset>
              );
            })}
          </div>
        ))}
        <FormMessage error={save.isError ? errorMessage(save.error) : undefined} success={save.isSuccess ? `Saved ${sent.length} ratings.` : undefined} />
        <div className="grid-actions inline-links">
          <button type="submit" className="button" disabled={save.isPending || chosen === 0}>
            {save.isPending ? 'Saving…' : 'Save ratings'}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The ratings as the teacher and the principal read them: per domain, each component with its level, evidence and rationale. */
export function RatingsTable({ cycle }: { cycle: Cycle }) {
  const id = useId();
  const byKey = new Map(cycle.ratings.map((r) => [r.componentKey, r]));
  return (
    <section className="card section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Ratings</h2>
      {cycle.ratings.length === 0 ? <p className="meta">No components have been rated yet.</p> : null}
      {cycle.rubric.domains.map((domain) => (
        <div key={domain.key} className="rating-domain">
          <h3>{domain.name}</h3>
          <ul className="rating-read">
            {domain.components.map((c) => {
              const r = byKey.get(c.key);
              const label = r ? cycle.rubric.scale.find((s) => s.value === r.level)?.label : undefined;
              return (
                <li key={c.key} aria-label={c.name}>
                  <p className="rating-read-head">
                    <strong>{c.name}</strong>: {r ? <span className="rating-read-level">{`${r.level} · ${label ?? ''}`}</span> : <span className="meta">not rated</span>}
                  </p>
                  {r ? (
                    <dl className="rating-read-text">
                      <dt>Evidence</dt>
                      <dd className="pre-wrap">{r.evidence}</dd>
                      <dt>Rationale</dt>
                      <dd className="pre-wrap">{r.rationale}</dd>
                    </dl>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}
