import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Person } from './schedule';

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

interface Props {
  teachers: readonly Person[];
  value: string | null;
  onChange: (teacherId: string) => void;
  /** Teachers teaching now, with what (listed first while nothing is typed). */
  teachingNow: ReadonlyMap<string, string>;
  hint?: string;
  error?: string;
}

/** Search-as-you-type teacher picker: an ARIA 1.2 combobox (type to filter, arrows to move, Enter to choose, Esc to close). */
export function TeacherPicker({ teachers, value, onChange, teachingNow, hint, error }: Props) {
  const id = useId();
  const listId = `${id}-list`;
  const selected = teachers.find((t) => t.id === value);
  const [text, setText] = useState<string | null>(null); // null: showing the selected name
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  const options = useMemo(() => {
    const q = fold(text ?? '').trim();
    const matches = q ? teachers.filter((t) => fold(t.name).split(/\s+/).some((w) => w.startsWith(q)) || fold(t.name).includes(q)) : [...teachers];
    return matches.sort((a, b) => Number(teachingNow.has(b.id)) - Number(teachingNow.has(a.id)) || a.name.localeCompare(b.name));
  }, [text, teachers, teachingNow]);

  const choose = (teacher: Person | undefined) => {
    if (teacher) onChange(teacher.id);
    setText(null);
    setOpen(false);
  };
  const move = (delta: number) => {
    if (!open) setOpen(true);
    setActive((i) => (options.length ? (i + delta + options.length) % options.length : 0));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      move(open ? 1 : 0);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      move(-1);
    } else if (event.key === 'Enter' && open) {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === 'Escape' && (open || text !== null)) {
      event.preventDefault();
      setText(null);
      setOpen(false);
    }
  };
  const activeOption = open ? options[active] : undefined;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

  return (
    <div className={`field picker${error ? ' field-invalid' : ''}`}>
      <label htmlFor={`${id}-input`}>Teacher</label>
      <input
        ref={input}
        id={`${id}-input`}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={activeOption ? `${id}-opt-${activeOption.id}` : undefined}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        placeholder="Type a name"
        value={text ?? selected?.name ?? ''}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={(e) => e.target.select()}
        onClick={() => setOpen(true)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          setOpen(false);
          setText(null);
        }}
      />
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
      <ul id={listId} role="listbox" aria-label="Teachers" className="picker-list" hidden={!open}>
        {options.map((t, i) => (
          <li
            key={t.id}
            id={`${id}-opt-${t.id}`}
            role="option"
            aria-selected={i === active}
            className={t.id === value ? 'picker-option picker-current' : 'picker-option'}
            // mousedown, not click: the input keeps focus and its blur does not close the list first
            onMouseDown={(e) => {
              e.preventDefault();
              choose(t);
            }}
          >
            <span className="picker-name">{t.name}</span>
            {teachingNow.has(t.id) ? <span className="picker-now">Now: {teachingNow.get(t.id)}</span> : null}
          </li>
        ))}
        {options.length === 0 ? (
          <li role="option" aria-selected={false} aria-disabled="true" className="picker-empty">
            No teacher matches “{text}”
          </li>
        ) : null}
      </ul>
      <p className="visually-hidden" aria-live="polite">
        {open ? `${options.length} ${options.length === 1 ? 'teacher' : 'teachers'} found` : ''}
      </p>
    </div>
  );
}
