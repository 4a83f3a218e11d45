import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useCurrentSchool } from '../../lib/school';
import { teachesAt, useMe } from '../../lib/session';
import { EmptyState, PageTitle, plural, QueryView } from '../../lib/ui';
import { myVisitsQuery, NOT_AN_EVALUATION, waitingForReflection } from './api';
import { OwnEvidence } from './OwnEvidence';
import { Strengths } from './Strengths';
import { VisitTimeline } from './VisitTimeline';
import './classroom.css';

/** `/my-classroom`: everything shared about my classroom, my reflections, my own evidence and strengths, and my data. */
export function MyClassroomPage() {
  const me = useMe();
  const current = useCurrentSchool();
  const teaching = me.schools.filter(teachesAt);
  if (teaching.length === 0) {
    return (
      <>
        <PageTitle title="My classroom">My classroom</PageTitle>
        <div role="alert" className="notice notice-error">
          <p className="notice-title">My classroom is for teachers</p>
          <p>It shows teachers the evidence shared from visits to their own classrooms. Your roster does not list you as a teacher.</p>
          <p>
            <Link to="/">Go to your home page</Link>
          </p>
        </div>
      </>
    );
  }
  // Own evidence and strengths belong to the school the teacher is working in now.
  const school = current && teachesAt(current) ? current : teaching[0]!;
  const zoneOf = (id: string) => me.schools.find((s) => s.id === id)?.timezone;
  return (
    <>
      <PageTitle title="My classroom" lead={school.name}>
        My classroom
      </PageTitle>
      <p className="not-evaluation">{NOT_AN_EVALUATION}</p>
      <Visits zoneOf={zoneOf} />
      <OwnEvidence schoolId={school.id} timeZone={school.timezone} />
      <Strengths schoolId={school.id} />
      <section aria-labelledby="download-heading" className="section">
        <h2 id="download-heading">Download my data</h2>
        <p>Everything recorded about your classroom that you can see: visits, evidence, questions, your reflections and conversations.</p>
        <p className="loop-buttons">
          <a className="button button-secondary" href="/api/my/export?format=csv" download>
            Download CSV<span className="visually-hidden"> of my classroom data</span>
          </a>
          <a className="button button-secondary" href="/api/my/export?format=pdf" download>
            Download PDF<span className="visually-hidden"> of my classroom data</span>
          </a>
        </p>
      </section>
    </>
  );
}

function Visits({ zoneOf }: { zoneOf: (schoolId: string) => string | undefined }) {
  const query = useQuery(myVisitsQuery);
  return (
    <section aria-labelledby="visits-heading" className="section">
      <h2 id="visits-heading">Visits shared with me</h2>
      <QueryView query={query} what="your visits">
        {(visits) => {
          if (visits.length === 0) {
            return (
              <EmptyState title="Nothing shared with you yet">
                <p>When a leader visits your classroom and shares what they saw, the evidence appears here for you to reflect on.</p>
              </EmptyState>
            );
          }
          const waiting = waitingForReflection(visits).length;
          return (
            <>
              <p role="status" className="result-count">
                {plural(visits.length, 'visit')} · {waiting ? `${waiting} waiting for your reflection` : 'you reflected on every one'}
              </p>
              <VisitTimeline visits={visits} zoneOf={zoneOf} />
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
