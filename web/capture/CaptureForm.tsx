import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { EvidenceField, LookForChips, PrivateNote } from './Fields';
import type { Kit } from './kit';
import { PhotoField, type PickedPhoto } from './PhotoField';
import { classesOf, classFacts, teachingAt, type LocalTime } from './schedule';
import { TeacherPicker } from './TeacherPicker';
import { autoDuration, VisitTiming } from './VisitTiming';

export interface FormValues {
  teacherId: string | null;
  classId: string | null;
  evidence: string;
  tags: string[];
  privateNote: string;
  startedAt: Date;
  /** Typed minutes, or null while the timer fills them. */
  duration: number | null;
  photos: PickedPhoto[];
}

export interface ReadyVisit extends FormValues {
  teacherId: string;
  durationMinutes: number;
}

type Errors = Partial<Record<'teacher' | 'evidence' | 'duration' | 'privateNote', string>>;

interface Props {
  kit: Kit;
  initial: FormValues;
  /** A new visit runs a timer; an edit shows the recorded time. */
  running: boolean;
  /** The moment used to know who is teaching (now, or `?at=` in tests and demos). */
  at: LocalTime;
  prefillWhy?: string;
  existingPhotos?: number;
  saveLabel?: string;
  onSave: (visit: ReadyVisit) => Promise<void>;
}

function validate(v: FormValues, running: boolean): Errors {
  const errors: Errors = {};
  if (!v.teacherId) errors.teacher = 'Choose the teacher you visited.';
  if (!v.evidence.trim() && v.tags.length === 0) errors.evidence = 'Write what you saw or heard, or tag a look-for.';
  const minutes = v.duration ?? (running ? 1 : NaN);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) errors.duration = 'Use whole minutes from 1 to 240.';
  if (v.startedAt.getTime() > Date.now() + 5 * 60_000) errors.duration = 'The start time is in the future: check it.';
  return errors;
}

/** The visit form: teacher and class, evidence with the low-inference helper, look-fors, private note, photos, time. */
export function CaptureForm({ kit, initial, running, at, prefillWhy, existingPhotos = 0, saveLabel = 'Save visit', onSave }: Props) {
  const id = useId();
  const [v, setV] = useState<FormValues>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState('');
  const evidenceRef = useRef<HTMLTextAreaElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const set = (patch: Partial<FormValues>) => setV((old) => ({ ...old, ...patch }));

  const { teachers, classes, lookFors, settings } = kit.data;
  const now = useMemo(() => teachingAt(classes, at), [classes, at]);
  const teachingNow = useMemo(() => new Map(now.map((s) => [s.teacher.id, `${s.cls.title}${s.meeting.room ? `, ${s.meeting.room}` : ''}`])), [now]);
  const own = useMemo(() => (v.teacherId ? classesOf(classes, v.teacherId, now) : []), [classes, v.teacherId, now]);
  const cls = own.find((c) => c.id === v.classId);
  const meeting = cls && (now.find((s) => s.cls.id === cls.id)?.meeting ?? cls.meetings.find((m) => m.weekday === at.weekday) ?? cls.meetings[0]);

  const chooseTeacher = (teacherId: string) => {
    const theirs = classesOf(classes, teacherId, now);
    const current = now.find((s) => s.teacher.id === teacherId)?.cls.id;
    set({ teacherId, classId: current ?? (theirs.length === 1 ? theirs[0]!.id : null) });
    setErrors((e) => ({ ...e, teacher: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    const found = validate(v, running);
    setErrors(found);
    if (Object.keys(found).length) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setSaving(true);
    setFailure('');
    try {
      const durationMinutes = v.duration ?? autoDuration(v.startedAt, new Date());
      await onSave({ ...v, teacherId: v.teacherId!, durationMinutes });
    } catch (error) {
      setFailure(`The visit could not be saved on this device: ${(error as Error).message}. Nothing was lost from the form; try again.`);
    } finally {
      setSaving(false);
    }
  };

  const errorList = Object.values(errors).filter(Boolean);
  return (
    <form className="capture-form" noValidate onSubmit={(e) => void submit(e)} aria-describedby={errorList.length ? `${id}-errors` : undefined}>
      {errorList.length || failure ? (
        <div id={`${id}-errors`} ref={summaryRef} tabIndex={-1} role="alert" className="notice notice-error">
          <p className="notice-title">{failure ? 'Not saved' : 'Check the visit'}</p>
          {failure ? <p>{failure}</p> : null}
          {errorList.length ? (
            <ul>
              {errorList.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <TeacherPicker teachers={teachers} value={v.teacherId} onChange={chooseTeacher} teachingNow={teachingNow} hint={prefillWhy} error={errors.teacher} />
      {v.teacherId ? (
        <div className="field">
          <label htmlFor={`${id}-class`}>Class</label>
          <select id={`${id}-class`} value={v.classId ?? ''} aria-describedby={`${id}-class-facts`} onChange={(e) => set({ classId: e.target.value || null })}>
            {own.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
            <option value="">No class (not on the schedule)</option>
          </select>
          <p id={`${id}-class-facts`} className="hint class-facts">
            {cls ? classFacts(cls, meeting) : 'Not tied to a class.'}
          </p>
        </div>
      ) : null}

      <EvidenceField
        inputRef={evidenceRef}
        value={v.evidence}
        words={settings.evaluativeWords}
        error={errors.evidence}
        onChange={(evidence) => set({ evidence })}
      />
      <LookForChips
        lookFors={lookFors}
        value={v.tags}
        onToggle={(tag) => {
          set({ tags: v.tags.includes(tag) ? v.tags.filter((t) => t !== tag) : [...v.tags, tag] });
          setErrors((e) => ({ ...e, evidence: undefined }));
        }}
      />
      <PrivateNote value={v.privateNote} onChange={(privateNote) => set({ privateNote })} />
      <PhotoField value={v.photos} already={existingPhotos} onChange={(photos) => set({ photos })} />
      <VisitTiming
        startedAt={v.startedAt}
        onStartedAt={(startedAt) => set({ startedAt })}
        duration={v.duration}
        onDuration={(duration) => set({ duration })}
        running={running}
        error={errors.duration}
      />
      <div className="save-bar">
        <button type="submit" className="button button-primary button-block button-save" disabled={saving}>
          {saving ? 'Saving…' : saveLabel}
        </button>
      </div>
    </form>
  );
}
