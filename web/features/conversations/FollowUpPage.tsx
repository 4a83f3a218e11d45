import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import type { MySchool } from '../../lib/session';
import { EmptyState, PageTitle, plural, QueryView } from '../../lib/ui';
import { SchoolGate } from '../visits/RoleGate';
import { visitsAt } from '../visits/roles';
import { followUpQuery, formatMoment, sharingSettingsQuery } from './api';
import './conversations.css';

const route = getRouteApi('/_app/schools/$schoolId/follow-up');

/** `/schools/{id}/follow-up`: my shared visits still waiting for a conversation, the ones a teacher asked about first. */
export function FollowUpPage() {
  const { schoolId } = route.useParams();
  return (
    <SchoolGate
      schoolId={schoolId}
      title="Needs follow-up"
      allow={visitsAt}
      who="Follow-up lists the visits you shared that still wait for a conversation; it is for principals, assistant principals and coaches."
    >
      {(school) => <FollowUp school={school} />}
    </SchoolGate>
  );
}

function FollowUp({ school }: { school: MySchool }) {
  const query = useQuery(followUpQuery(school.id));
  const settings = useQuery(sharingSettingsQuery(school.id));
  const days = settings.data?.followUpDays;
  return (
    <>
      <PageTitle title="Needs follow-up" lead={school.name}>
        Needs follow-up
      </PageTitle>
      <p>
        Visits you shared that have no conversation yet: the ones where the teacher asked to talk come first, then those shared
        {days ? ` more than ${plural(days, 'day')} ago` : ' a while ago'}.
      </p>
      <QueryView query={query} what="visits waiting for a conversation">
        {(items) =>
          items.length === 0 ? (
            <EmptyState title="Nothing is waiting">
              <p>Every visit you shared has had its conversation, or is still within the follow-up window.</p>
            </EmptyState>
          ) : (
            <>
              <p role="status" className="result-count">
                {plural(items.length, 'visit')} waiting · {plural(items.filter((i) => i.requested).length, 'request')} to talk
              </p>
              <ul className="loop-list">
                {items.map((item) => (
                  <li key={item.visitId} className={`card loop-item${item.requested ? ' loop-item-requested' : ''}`}>
                    <h2 className="loop-item-title">
                      <Link to="/visits/$visitId" params={{ visitId: item.visitId }}>
                        {item.teacher.name}
                      </Link>
                    </h2>
                    <p className="meta">
                      Visited <time dateTime={item.startedAt}>{formatMoment(item.startedAt, school.timezone)}</time> · shared{' '}
                      {item.daysSinceShared === 0 ? 'today' : `${plural(item.daysSinceShared, 'day')} ago`}
                    </p>
                    <p className="loop-badges">
                      {item.requested ? <span className="loop-status loop-status-requested">Asked to talk</span> : null}
                      <span className={`loop-status loop-status-${item.reflected ? 'reflected' : 'shared'}`}>
                        {item.reflected ? 'Reflected' : 'No reflection yet'}
                      </span>
                    </p>
                  </li>
                ))}
              </ul>
            </>
          )
        }
      </QueryView>
    </>
  );
}
