import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { useCurrentSchool } from '../../lib/school';
import { EmptyState, Field, FormMessage, PageTitle, plural, QueryView } from '../../lib/ui';
import { gradeLabel, mapsQuery, useCreateMap } from './api';
import './curriculum.css';

/** Who starts maps (a teacher: for a grade they teach; the server checks). */
const MAP_EDITORS: string[] = ['principal', 'assistant_principal', 'coach', 'teacher'];
const route = getRouteApi('/_app/schools/$schoolId/curriculum');

/** The school's curriculum maps by course and grade, with their gaps; staff start a new one. */
export function CurriculumMapsPage() {
  const { schoolId } = route.useParams();
  const maps = useQuery(mapsQuery(schoolId));
  const school = useCurrentSchool();
  const mayCreate = Boolean(school?.roles.some((r) => MAP_EDITORS.includes(r)));
  return (
    <>
      <PageTitle title="Curriculum maps" lead="Units, standards, learning targets and their assessments, per course and grade — and where they do not line up yet.">
        Curriculum maps
      </PageTitle>
      <section aria-labelledby="maps-heading" className="section">
        <h2 id="maps-heading">Maps</h2>
        <QueryView query={maps} what="curriculum maps">
          {(list) =>
            list.length === 0 ? (
              <EmptyState title="No curriculum maps yet">Start one below for a course and grade, then add units, standards and targets, or import a CSV file.</EmptyState>
            ) : (
              <ul className="card-list">
                {list.map((m) => (
                  <li key={m.id} className="card">
                    <h3>
                      <Link to="/schools/$schoolId/curriculum/$mapId" params={{ schoolId, mapId: m.id }}>
                        {m.course} · {gradeLabel(m.grade)}
                      </Link>
                    </h3>
                    <p className="meta">
                      {plural(m.units, 'unit')} · {plural(m.standards, 'standard')} · {plural(m.targets, 'target')}
                    </p>
                    <p className={m.standardsWithoutTarget + m.targetsWithoutAssessment > 0 ? 'gap-note' : 'meta'}>
                      {m.standardsWithoutTarget + m.targetsWithoutAssessment === 0
                        ? 'Every standard has a target and every target an assessment.'
                        : `${plural(m.standardsWithoutTarget, 'standard')} without a target · ${plural(m.targetsWithoutAssessment, 'target')} without an assessment`}
                    </p>
                  </li>
                ))}
              </ul>
            )
          }
        </QueryView>
      </section>
      {mayCreate ? <NewMapForm schoolId={schoolId} /> : null}
    </>
  );
}

function NewMapForm({ schoolId }: { schoolId: string }) {
  const id = useId();
  const [course, setCourse] = useState('');
  const [grade, setGrade] = useState('');
  const create = useCreateMap(schoolId);
  const navigate = useNavigate();
  const failure = create.error instanceof ApiError ? create.error : undefined;
  return (
    <section className="card section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>New map</h2>
      <p className="meta">Teachers start maps for the grades they teach; school leaders for any grade.</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({ course, grade }, { onSuccess: (m) => void navigate({ to: '/schools/$schoolId/curriculum/$mapId', params: { schoolId, mapId: m.id } }) });
        }}
      >
        <div className="filters">
          <Field label="Course" hint="For example: Mathematics" value={course} onChange={(e) => setCourse(e.target.value)} error={failure?.fieldMessages('course')} required />
          <Field label="Grade" hint="For example: 03 or KG" value={grade} onChange={(e) => setGrade(e.target.value)} error={failure?.fieldMessages('grade')} required />
        </div>
        <FormMessage error={create.isError ? errorMessage(create.error) : undefined} />
        <button type="submit" className="button" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create map'}
        </button>
      </form>
    </section>
  );
}
