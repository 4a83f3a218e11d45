import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../../lib/api';
import { FormMessage, QueryView } from '../../lib/ui';
import { WEEKDAY_NAMES } from '../people/schedule';
import { blocksQuery, type VisitBlock, type VisitBlocks } from './api';

interface Row extends VisitBlock {
  key: number;
}
type RowErrors = Partial<Record<'weekday' | 'start' | 'end' | 'row', string>>;

let nextKey = 1;
const toRows = (blocks: readonly VisitBlock[]): Row[] => blocks.map((b) => ({ ...b, key: nextKey++ }));

/** Weekly visit blocks: rows of weekday, start and end; the server's problems appear on the row they concern. */
export function BlocksEditor({ schoolId, timeZone }: { schoolId: string; timeZone: string }) {
  const query = useQuery(blocksQuery);
  return (
    <section aria-labelledby="blocks-heading" className="card section" id="blocks">
      <h2 id="blocks-heading">Visit blocks</h2>
      <p className="hint">
        Time you keep for classroom visits every week, in the school’s time zone ({timeZone.replace(/_/g, ' ')}). They appear in your
        calendar through the link below.
      </p>
      <QueryView query={query} what="visit blocks">
        {(data) => <BlocksForm schoolId={schoolId} saved={data} />}
      </QueryView>
    </section>
  );
}

function BlocksForm({ schoolId, saved }: { schoolId: string; saved: VisitBlocks }) {
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<Row[]>(() => toRows(saved.blocks));
  const [errors, setErrors] = useState<Map<number, RowErrors>>(new Map());
  const list = useRef<HTMLOListElement>(null);
  const [focusRow, setFocusRow] = useState<number>();
  useEffect(() => {
    if (focusRow === undefined) return;
    list.current?.querySelector<HTMLElement>(`[data-row="${focusRow}"] select`)?.focus();
    setFocusRow(undefined);
  }, [focusRow]);

  const save = useMutation({
    mutationFn: (blocks: VisitBlock[]) => api<VisitBlocks>('/api/calendar/blocks', { method: 'PUT', json: { schoolId, blocks } }),
    onSuccess: (next) => {
      queryClient.setQueryData(blocksQuery.queryKey, next);
      setRows(toRows(next.blocks));
      setErrors(new Map());
    },
  });

  const update = (key: number, change: Partial<VisitBlock>) => {
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)));
    save.reset();
  };
  const add = () => {
    const last = rows[rows.length - 1];
    const row: Row = { key: nextKey++, weekday: last ? (last.weekday % 5) + 1 : 1, start: last?.start ?? '09:00', end: last?.end ?? '09:45' };
    setRows((rs) => [...rs, row]);
    setErrors(new Map());
    save.reset();
    setFocusRow(row.key);
  };
  const remove = (key: number, index: number) => {
    setRows((rs) => rs.filter((r) => r.key !== key));
    setErrors(new Map());
    save.reset();
    // Focus goes to the row that took its place, or to "Add a block".
    const next = rows[index + 1] ?? rows[index - 1];
    if (next) setFocusRow(next.key);
    else requestAnimationFrame(() => document.getElementById('add-block')?.focus());
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const sent = rows;
    save.mutate(
      sent.map(({ weekday, start, end }) => ({ weekday, start, end })),
      {
        onError: (error) => {
          // Paths such as body.blocks.1.end or body.blocks.1 point at a row by its place in what was sent.
          const map = new Map<number, RowErrors>();
          for (const f of error instanceof ApiError ? error.fields : []) {
            const m = /^body\.blocks\.(\d+)(?:\.(weekday|start|end))?$/.exec(f.path);
            const row = m ? sent[Number(m[1])] : undefined;
            if (!m || !row) continue;
            const field = (m[2] ?? 'row') as keyof RowErrors;
            map.set(row.key, { ...map.get(row.key), [field]: f.message });
          }
          setErrors(map);
        },
      },
    );
  };

  const error = save.error instanceof ApiError ? save.error : undefined;
  const plain = (bs: readonly VisitBlock[]) => JSON.stringify(bs.map(({ weekday, start, end }) => [weekday, start, end]));
  const dirty = plain(rows) !== plain(saved.blocks);
  const unplaced = error?.fields.filter((f) => !/^body\.blocks\.\d+/.test(f.path)).map((f) => f.message) ?? [];

  return (
    <form onSubmit={onSubmit} noValidate>
      {rows.length === 0 ? <p className="empty">No visit blocks yet. Add one for each time of the week you will be in classrooms.</p> : null}
      <ol className="block-list" ref={list}>
        {rows.map((row, i) => (
          <BlockRow key={row.key} row={row} index={i} errors={errors.get(row.key)} onChange={(c) => update(row.key, c)} onRemove={() => remove(row.key, i)} />
        ))}
      </ol>
      <p>
        <button type="button" id="add-block" className="button button-secondary" onClick={add} disabled={rows.length >= 50}>
          Add a block
        </button>
      </p>
      <FormMessage
        error={
          save.isError
            ? error?.fields.length
              ? `Some blocks need attention: ${[...unplaced, ...[...errors.values()].flatMap((e) => Object.values(e))].join('; ')}.`
              : errorMessage(save.error)
            : undefined
        }
        success={save.isSuccess ? 'Visit blocks saved. Calendar apps pick up changes the next time they refresh the link.' : undefined}
      />
      <button type="submit" className="button button-primary" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : 'Save visit blocks'}
      </button>
      {dirty && !save.isPending ? <span className="meta unsaved"> Unsaved changes</span> : null}
    </form>
  );
}

function BlockRow({ row, index, errors, onChange, onRemove }: { row: Row; index: number; errors?: RowErrors; onChange: (c: Partial<VisitBlock>) => void; onRemove: () => void }) {
  const id = useId();
  const n = index + 1;
  const err = (field: keyof RowErrors) =>
    errors?.[field] ? (
      <p className="field-error" id={`${id}-${field}-error`}>
        <span aria-hidden="true">⚠ </span>
        {errors[field]}
      </p>
    ) : null;
  const described = (field: keyof RowErrors) => [errors?.[field] ? `${id}-${field}-error` : null, errors?.row ? `${id}-row-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <li className={`block-row${errors ? ' block-row-invalid' : ''}`} data-row={row.key}>
      <fieldset>
        <legend>Block {n}</legend>
        <div className={`field${errors?.weekday ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-day`}>
            Day<span className="visually-hidden"> of block {n}</span>
          </label>
          <select id={`${id}-day`} value={row.weekday} onChange={(e) => onChange({ weekday: Number(e.target.value) })} aria-describedby={described('weekday')}>
            {[1, 2, 3, 4, 5, 6, 7].map((d) => (
              <option key={d} value={d}>
                {WEEKDAY_NAMES[d]}
              </option>
            ))}
          </select>
          {err('weekday')}
        </div>
        <div className={`field${errors?.start ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-start`}>
            Start<span className="visually-hidden"> of block {n}</span>
          </label>
          <input id={`${id}-start`} type="time" value={row.start} onChange={(e) => onChange({ start: e.target.value })} aria-invalid={errors?.start ? true : undefined} aria-describedby={described('start')} />
          {err('start')}
        </div>
        <div className={`field${errors?.end ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-end`}>
            End<span className="visually-hidden"> of block {n}</span>
          </label>
          <input id={`${id}-end`} type="time" value={row.end} onChange={(e) => onChange({ end: e.target.value })} aria-invalid={errors?.end ? true : undefined} aria-describedby={described('end')} />
          {err('end')}
        </div>
        <button type="button" className="button button-secondary button-compact block-remove" onClick={onRemove}>
          Remove<span className="visually-hidden"> block {n}</span>
        </button>
        {err('row')}
      </fieldset>
    </li>
  );
}
