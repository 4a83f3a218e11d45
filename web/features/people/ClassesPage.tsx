import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useId, useMemo, useState } from 'react';
import { leadsSchool, useMe } from '../../lib/session';
import { EmptyState, Field, PageTitle, plural, QueryView } from '../../lib/ui';
import { classesQuery, type ClassSummary } from './api';
import { ClassCards } from './ClassCards';
import { gradeLabel, gradeRank } from './schedule';

const route = getRouteApi('/_app/schools/$schoolId/classes');

const matches = (cls: ClassSummary, words: string[]) => {
  const haystack = [cls.title, cls.courseTitle, cls.room, ...cls.subjects, ...cls.periods, ...cls.teachers.map((t) => t.name)]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  return words.every((w) => haystack.includes(w));
};

/** The school's classes (a teacher sees their own), filtered by text and grade. */
export function ClassesPage() {
  const { schoolId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const me = useMe();
  const school = me.schools.find((s) => s.id === schoolId);
  const leader = school ? leadsSchool(school) : false;
  const query = useQuery(classesQuery(schoolId));
  const gradeId = useId();

  const [text, setText] = useState(search.q ?? '');
  useEffect(() => setText((t) => (t.trim() === (search.q ?? '') ? t : (search.q ?? ''))), [search.q]);
  useEffect(() => {
    const q = text.trim() || undefined;
    if (q === search.q) return;
    const timer = setTimeout(() => void navigate({ search: (prev) => ({ ...prev, q }), replace: true }), 300);
    return () => clearTimeout(timer);
  }, [text, search.q, navigate]);

  // Leaders browse by grade; a teacher's own few classes keep the roster's order.
  const sorted = useMemo(
    () =>
      leader
        ? [...(query.data ?? [])].sort((a, b) => gradeRank(a.grades[0]) - gradeRank(b.grades[0]) || a.title.localeCompare(b.title))
        : (query.data ?? []),
    [query.data, leader],
  );
  const grades = useMemo(() => [...new Set(sorted.flatMap((c) => c.grades))].sort((a, b) => gradeRank(a) - gradeRank(b)), [sorted]);
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const shown = sorted.filter((c) => (!search.grade || c.grades.includes(search.grade)) && matches(c, words));
  const title = leader ? 'Classes' : 'My classes';

  return (
    <>
      <PageTitle title={title} lead={school?.name}>
        {title}
      </PageTitle>
      <QueryView query={query} what="classes">
        {(classes) =>
          classes.length === 0 ? (
            <EmptyState title={leader ? 'No classes yet' : 'No classes are assigned to you yet'}>
              <p>
                Classes come from the district’s OneRoster import.{' '}
                {leader
                  ? 'Ask your district administrator to import this school’s roster.'
                  : 'If you teach here, tell your principal so they can check the roster.'}
              </p>
            </EmptyState>
          ) : (
            <>
              {classes.length > 6 ? (
                <form role="search" className="filters" onSubmit={(e) => e.preventDefault()}>
                  <Field
                    label="Filter by class, teacher, subject or room"
                    type="search"
                    name="q"
                    autoComplete="off"
                    value={text}
                    onChange={(e) => setText(e.target.value)}
                    className="filter-grow"
                  />
                  {grades.length > 1 ? (
                    <div className="field">
                      <label htmlFor={gradeId}>Grade</label>
                      <select
                        id={gradeId}
                        value={search.grade ?? ''}
                        onChange={(e) => void navigate({ search: (prev) => ({ ...prev, grade: e.target.value || undefined }), replace: true })}
                      >
                        <option value="">All grades</option>
                        {grades.map((g) => (
                          <option key={g} value={g}>
                            {gradeLabel(g)}
                          </option>
                        ))}
                      </select>
                    </div>
                  ) : null}
                </form>
              ) : null}
              <p role="status" className="result-count">
                {shown.length === classes.length
                  ? plural(classes.length, 'class', 'classes')
                  : `${plural(shown.length, 'class', 'classes')} of ${classes.length}`}
              </p>
              {shown.length ? (
                <ClassCards schoolId={schoolId} classes={shown} showTeachers={leader} />
              ) : (
                <EmptyState title="No class matches">
                  <p>Try fewer words, another grade, or clear the filter.</p>
                </EmptyState>
              )}
            </>
          )
        }
      </QueryView>
    </>
  );
}
