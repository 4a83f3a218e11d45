import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, seg } from '../../lib/api';
import type { MySchool } from '../../lib/session';
import { Field, FormMessage } from '../../lib/ui';
import type { VisitSettings } from './api';
import { editsVisitSettings } from './roles';

/** How many days without a visit flag a teacher: try another number, or (principals) save it for the school. */
export function FlagDaysForm({ school, days, onShow }: { school: MySchool; days: number; onShow: (days: number | undefined) => void }) {
  const queryClient = useQueryClient();
  const [value, setValue] = useState(String(days));
  const [error, setError] = useState<string>();
  useEffect(() => setValue(String(days)), [days]);
  const canSave = editsVisitSettings(school);

  const save = useMutation({
    mutationFn: (unvisitedDays: number) =>
      api<VisitSettings>(`/api/schools/${seg(school.id)}/visit-settings`, { method: 'PUT', json: { unvisitedDays } }),
    onSuccess: async () => {
      onShow(undefined);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['coverage', school.id] }),
        queryClient.invalidateQueries({ queryKey: ['visit-settings', school.id] }),
      ]);
    },
  });

  const parse = (): number | undefined => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 365) {
      setError('Use a whole number of days from 1 to 365');
      return undefined;
    }
    setError(undefined);
    return n;
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const n = parse();
    if (n !== undefined) onShow(n);
  };
  const serverError = save.error instanceof ApiError ? save.error.fieldMessage('unvisitedDays') : undefined;

  return (
    <form className="card flag-form" onSubmit={onSubmit} noValidate>
      <div className="filters">
        <Field
          label="Flag teachers not visited in (days)"
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            save.reset();
          }}
          error={error ?? serverError}
        />
        <div className="field button-row">
          <button type="submit" className="button button-secondary">
            Show
          </button>
          {canSave ? (
            <button
              type="button"
              className="button button-primary"
              disabled={save.isPending}
              onClick={() => {
                const n = parse();
                if (n !== undefined) save.mutate(n);
              }}
            >
              {save.isPending ? 'Saving…' : 'Save for the school'}
            </button>
          ) : null}
        </div>
      </div>
      {canSave ? (
        <FormMessage
          error={save.isError && !serverError ? errorMessage(save.error) : undefined}
          success={save.isSuccess ? `Saved: teachers are flagged after ${save.variables} days without a visit.` : undefined}
        />
      ) : null}
    </form>
  );
}
