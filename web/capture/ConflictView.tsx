import { useId, type ReactNode } from 'react';
import type { UpdateEntry } from '../lib/offline-db';
import type { Kit } from './kit';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

interface Row {
  label: string;
  mine: string;
  theirs: string;
  long?: boolean;
  private?: boolean;
}

/** An edit that met a newer version from another device: both versions side by side, and the user decides. */
export function ConflictView({ entry, kit, onKeepMine, onTakeServer }: { entry: UpdateEntry; kit: Kit; onKeepMine: () => void; onTakeServer: () => void }) {
  const id = useId();
  const current = entry.current!;
  const { teachers, classes, lookFors } = kit.data;
  const tagName = (tagId: string) => lookFors.find((l) => l.id === tagId)?.name ?? 'A retired look-for';
  const mine = entry.body;
  const rows: Row[] = [
    { label: 'Teacher', mine: teachers.find((t) => t.id === mine.teacherId)?.name ?? '—', theirs: current.teacher.name },
    { label: 'Class', mine: classes.find((c) => c.id === mine.classId)?.title ?? 'No class', theirs: current.class?.title ?? 'No class' },
    { label: 'Started', mine: when(mine.startedAt), theirs: when(current.startedAt) },
    { label: 'Minutes', mine: String(mine.durationMinutes), theirs: String(current.durationMinutes) },
    { label: 'Evidence', mine: mine.evidence || '—', theirs: current.evidence || '—', long: true },
    { label: 'Look-fors', mine: mine.tags.map(tagName).join(', ') || 'None', theirs: current.tags.map((t) => t.name).join(', ') || 'None' },
    { label: 'Private note', mine: mine.privateNote || '—', theirs: current.privateNote || '—', long: true, private: true },
  ];
  return (
    <section className="conflict" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} tabIndex={-1}>
        This visit was changed on another device
      </h2>
      <p>
        Someone (you, on another device) saved a newer version at {when(current.updatedAt)} while you were editing. Nothing has been overwritten:
        compare the two and choose which to keep.
      </p>
      <dl className="compare">
        <div className="compare-head" aria-hidden="true">
          <span />
          <span>Your version</span>
          <span>Saved version</span>
        </div>
        {rows.map((r) => (
          <CompareRow key={r.label} row={r} />
        ))}
      </dl>
      <div className="conflict-buttons">
        <button type="button" className="button button-primary" onClick={onKeepMine}>
          Keep my version
        </button>
        <button type="button" className="button button-secondary" onClick={onTakeServer}>
          Use the saved version
        </button>
      </div>
    </section>
  );
}

function CompareRow({ row }: { row: Row }): ReactNode {
  const differs = row.mine !== row.theirs;
  return (
    <div className={`compare-row${differs ? ' compare-differs' : ''}${row.long ? ' compare-long' : ''}`}>
      <dt>
        {row.label}
        {row.private ? <span className="private-badge"> Private — only you will ever see this</span> : null}
        {differs ? <span className="compare-flag"> (differs)</span> : null}
      </dt>
      <dd>
        <span className="compare-which">Yours: </span>
        {row.mine}
      </dd>
      <dd>
        <span className="compare-which">Saved: </span>
        {row.theirs}
      </dd>
    </div>
  );
}
