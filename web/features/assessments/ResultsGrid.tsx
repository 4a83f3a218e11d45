import { useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { FormMessage, plural } from '../../lib/ui';
import { useSaveResults, type ResultGrid } from './api';

type Student = ResultGrid['students'][number];
const shown = (score: number | null) => (score === null ? '' : String(score));

/** Numbers from pasted spreadsheet text: one per line (the first cell of each line), blank lines kept as blanks. */
function pastedColumn(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  return lines.map((line) => (line.split('\t')[0] ?? '').trim().replace(',', '.'));
}

/**
 * The results grid: one labelled number input per student. Enter and ArrowDown go to the next student, ArrowUp to
 * the one before, Tab works as usual; pasting a column of numbers fills this row and the ones below.
 */
export function ResultsGrid({ schoolId, grid }: { schoolId: string; grid: ResultGrid }) {
  const { assessment, students } = grid;
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(students.map((s) => [s.id, shown(s.score)])));
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState('');
  const inputs = useRef<(HTMLInputElement | null)[]>([]);
  const save = useSaveResults(schoolId, assessment.id);

  const valueOf = (s: Student) => values[s.id] ?? shown(s.score);
  const changed = students.filter((s) => valueOf(s).trim() !== shown(s.score));

  const focusRow = (index: number) => {
    const el = inputs.current[index];
    if (el) {
      el.focus();
      el.select();
    }
  };
  const onKeyDown = (index: number) => (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === 'ArrowDown') {
      event.preventDefault();
      focusRow(index + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      focusRow(index - 1);
    }
  };
  const onPaste = (index: number) => (event: ClipboardEvent<HTMLInputElement>) => {
    const column = pastedColumn(event.clipboardData.getData('text'));
    if (column.length < 2) return; // one value: the browser pastes it as usual
    event.preventDefault();
    const next = { ...values };
    column.forEach((v, i) => {
      const s = students[index + i];
      if (s) next[s.id] = v;
    });
    setValues(next);
    setSaved('');
    focusRow(Math.min(index + column.length, students.length) - 1);
  };

  const onSubmit = () => {
    setSaved('');
    const local: Record<string, string> = {};
    const results = changed.map((s) => {
      const text = valueOf(s).trim();
      const score = text === '' ? null : Number(text);
      if (score !== null && !Number.isFinite(score)) local[s.id] = 'Enter a number';
      return { studentId: s.id, score };
    });
    setRowErrors(local);
    if (Object.keys(local).length > 0 || results.length === 0) {
      if (results.length === 0) setSaved('Nothing to save: no score was changed.');
      return;
    }
    save.mutate(results, {
      onSuccess: (r) => {
        setRowErrors({});
        setSaved(`Saved: ${plural(r.recorded, 'score')} recorded${r.removed ? `, ${plural(r.removed, 'score')} removed` : ''}.`);
      },
      onError: (error) => {
        if (!(error instanceof ApiError)) return;
        const byRow: Record<string, string> = {};
        for (const f of error.fields) {
          const m = /^body\.results\.(\d+)\./.exec(f.path);
          const row = m ? results[Number(m[1])] : undefined;
          if (row) byRow[row.studentId] ??= f.message;
        }
        setRowErrors(byRow);
      },
    });
  };

  const errorCount = Object.keys(rowErrors).length;
  const range = assessment.scale === 'rubric' ? 'level 1 to 4' : `0 to ${assessment.maxScore}`;
  return (
    <form
      className="results-grid"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <p className="hint">
        Scores from {range}; proficient at {assessment.proficiencyCut} or above. Type a score and press Enter for the next student; paste a
        column from a spreadsheet to fill the rows below.
      </p>
      <ol className="grid-rows">
        {students.map((s, index) => {
          const error = rowErrors[s.id];
          const id = `score-${s.id}`;
          return (
            <li key={s.id} className={`grid-row${error ? ' field-invalid' : ''}`}>
              <label htmlFor={id}>{s.name}</label>
              <input
                id={id}
                ref={(el) => {
                  inputs.current[index] = el;
                }}
                type="number"
                inputMode="decimal"
                step="any"
                min={assessment.scale === 'rubric' ? 1 : 0}
                max={assessment.maxScore}
                enterKeyHint="next"
                value={valueOf(s)}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
                onChange={(event) => {
                  setValues({ ...values, [s.id]: event.target.value });
                  setSaved('');
                }}
                onKeyDown={onKeyDown(index)}
                onPaste={onPaste(index)}
              />
              {error ? (
                <p className="field-error" id={`${id}-error`}>
                  <span aria-hidden="true">⚠ </span>
                  {error}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      <FormMessage
        error={
          errorCount > 0
            ? `${plural(errorCount, 'score')} could not be saved; nothing was changed. Fix the rows marked and save again.`
            : save.isError && !(save.error instanceof ApiError && save.error.fields.length > 0)
              ? errorMessage(save.error)
              : undefined
        }
        success={saved || undefined}
      />
      <div className="button-row grid-actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save results'}
        </button>
        <span className="meta">{changed.length ? `${plural(changed.length, 'unsaved change')}` : 'No unsaved changes'}</span>
      </div>
    </form>
  );
}
