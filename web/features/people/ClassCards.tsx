import { Link } from '@tanstack/react-router';
import { plural } from '../../lib/ui';
import type { ClassSummary } from './api';
import { gradeLabel, meetingLines } from './schedule';

/** Classes as a list of cards: title, teachers, when and where, size. */
export function ClassCards({ schoolId, classes, showTeachers = true }: { schoolId: string; classes: readonly ClassSummary[]; showTeachers?: boolean }) {
  return (
    <ul className="card-list">
      {classes.map((cls) => (
        <li key={cls.id} className="card class-card">
          <h3 className="card-title">
            <Link to="/schools/$schoolId/classes/$classId" params={{ schoolId, classId: cls.id }}>
              {cls.title}
            </Link>
          </h3>
          <p className="meta">
            {[cls.grades.map(gradeLabel).join(', '), cls.subjects.join(', '), plural(cls.studentCount, 'student')].filter(Boolean).join(' · ')}
          </p>
          {showTeachers && cls.teachers.length ? (
            <p className="class-teachers">
              {cls.teachers.map((t, i) => (
                <span key={t.id}>
                  {i > 0 ? ', ' : ''}
                  <Link to="/schools/$schoolId/teachers/$teacherId" params={{ schoolId, teacherId: t.id }}>
                    {t.name}
                  </Link>
                </span>
              ))}
            </p>
          ) : null}
          {cls.meetings.length ? (
            <ul className="meeting-lines">
              {meetingLines(cls.meetings).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : (
            <p className="meta">No meeting times in the roster{cls.room ? ` · ${cls.room}` : ''}</p>
          )}
        </li>
      ))}
    </ul>
  );
}
