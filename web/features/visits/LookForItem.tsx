import { useState, type FormEvent } from 'react';
import { ApiError } from '../../lib/api';
import { Field } from '../../lib/ui';
import type { LookFor } from './api';

interface Props {
  lookFor: LookFor;
  canEdit: boolean;
  /** Another change is being saved: clicks wait (buttons stay focusable, so focus is never lost). */
  busy: boolean;
  first?: boolean;
  last?: boolean;
  onMove?: (by: -1 | 1) => void;
  onSave?: (name: string, description: string | null) => Promise<unknown>;
  onRetire?: () => void;
  onRestore?: () => void;
}

/** One look-for with its actions: move up or down, rename, retire (or restore, when retired). */
export function LookForItem({ lookFor: l, canEdit, busy, first, last, onMove, onSave, onRetire, onRestore }: Props) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(l.name);
  const [description, setDescription] = useState(l.description ?? '');
  const [error, setError] = useState<ApiError>();
  const guard = (action?: () => void) => () => {
    if (!busy) action?.();
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !onSave) return;
    try {
      await onSave(name.trim(), description.trim() || null);
      setError(undefined);
      setEditing(false);
    } catch (e) {
      setError(e instanceof ApiError ? e : undefined);
    }
  };

  if (editing) {
    return (
      <li className="look-for look-for-editing">
        <form onSubmit={(e) => void onSubmit(e)} noValidate>
          <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} error={error?.fieldMessage('name')} maxLength={80} autoFocus />
          <Field label="Description" value={description} onChange={(e) => setDescription(e.target.value)} error={error?.fieldMessage('description')} maxLength={500} />
          <div className="button-row">
            <button type="submit" className="button button-primary" aria-disabled={busy || undefined}>
              Save
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setEditing(false);
                setName(l.name);
                setDescription(l.description ?? '');
                setError(undefined);
                requestAnimationFrame(() => document.getElementById(`lf-${l.id}-rename`)?.focus());
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      </li>
    );
  }

  return (
    <li className={`look-for${l.active ? '' : ' look-for-retired'}`}>
      <div className="look-for-text">
        <p className="look-for-name">{l.name}</p>
        {l.description ? <p className="meta">{l.description}</p> : null}
      </div>
      {canEdit ? (
        <div className="look-for-actions">
          {l.active ? (
            <>
              <button type="button" id={`lf-${l.id}-up`} className="icon-button" onClick={guard(() => onMove?.(-1))} disabled={first} aria-disabled={busy || undefined}>
                <span aria-hidden="true">↑</span>
                <span className="visually-hidden">Move “{l.name}” up</span>
              </button>
              <button type="button" id={`lf-${l.id}-down`} className="icon-button" onClick={guard(() => onMove?.(1))} disabled={last} aria-disabled={busy || undefined}>
                <span aria-hidden="true">↓</span>
                <span className="visually-hidden">Move “{l.name}” down</span>
              </button>
              <button
                type="button"
                id={`lf-${l.id}-rename`}
                className="button button-secondary button-compact"
                onClick={() => {
                  setName(l.name);
                  setDescription(l.description ?? '');
                  setEditing(true);
                }}
              >
                Rename<span className="visually-hidden"> “{l.name}”</span>
              </button>
              <button type="button" className="button button-secondary button-compact" onClick={guard(onRetire)} aria-disabled={busy || undefined}>
                Retire<span className="visually-hidden"> “{l.name}”</span>
              </button>
            </>
          ) : (
            <button type="button" className="button button-secondary button-compact" onClick={guard(onRestore)} aria-disabled={busy || undefined}>
              Restore<span className="visually-hidden"> “{l.name}”</span>
            </button>
          )}
        </div>
      ) : null}
    </li>
  );
}
