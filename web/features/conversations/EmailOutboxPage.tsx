import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useCurrentSchool } from '../../lib/school';
import { isDistrictAdmin, useMe } from '../../lib/session';
import { EmptyState, PageTitle, plural, QueryView } from '../../lib/ui';
import { NotForRole } from '../visits/RoleGate';
import { emailOutboxQuery, formatMoment, localZone, type OutboxEmail } from './api';
import './conversations.css';

const STATUS_TEXT: Record<OutboxEmail['status'], string> = {
  held: 'Held — no mail server set up',
  failed: 'Failed',
  pending: 'Waiting to send',
  sent: 'Sent',
};

type Show = 'attention' | 'all';

/** `/admin/email`: the district's outgoing email, so an administrator sees what is held (no SMTP) or failing. */
export function EmailOutboxPage() {
  const me = useMe();
  if (!isDistrictAdmin(me)) {
    return <NotForRole title="Email outbox" who="The email outbox is for district administrators." />;
  }
  return <Outbox />;
}

function Outbox() {
  const query = useQuery(emailOutboxQuery);
  const [show, setShow] = useState<Show>('attention');
  const showId = useId();
  const timeZone = useCurrentSchool()?.timezone ?? localZone();
  return (
    <>
      <PageTitle title="Email outbox" lead="Emails Rounds sends to staff: links to shared visits, never their content.">
        Email outbox
      </PageTitle>
      <QueryView query={query} what="the email outbox">
        {(emails) => {
          const held = emails.filter((e) => e.status === 'held').length;
          const failed = emails.filter((e) => e.status === 'failed').length;
          const shown = show === 'all' ? emails : emails.filter((e) => e.status === 'held' || e.status === 'failed');
          return (
            <>
              {held ? (
                <div className="notice loop-notice-warn">
                  <p className="notice-title">{plural(held, 'email is', 'emails are')} held</p>
                  <p>
                    No mail server is configured, so Rounds keeps emails here instead of sending them. Set <code>SMTP_URL</code> on the
                    server (for example <code>smtp://user:password@mail.example.org:587</code>) and restart it to send new emails; teachers
                    still see everything in the app meanwhile.
                  </p>
                </div>
              ) : null}
              <div className="field loop-narrow">
                <label htmlFor={showId}>Show</label>
                <select id={showId} value={show} onChange={(e) => setShow(e.target.value as Show)}>
                  <option value="attention">Held and failed ({held + failed})</option>
                  <option value="all">All emails ({emails.length})</option>
                </select>
              </div>
              <p role="status" className="result-count">
                {plural(shown.length, 'email')} shown
              </p>
              {shown.length === 0 ? (
                <EmptyState title={show === 'all' ? 'No emails yet' : 'Nothing held or failed'}>
                  <p>{show === 'all' ? 'Emails appear here when evidence is shared with a teacher.' : 'Every email was sent or is on its way.'}</p>
                </EmptyState>
              ) : (
                <ul className="loop-list">
                  {shown.map((e) => (
                    <li key={e.id} className="card loop-item">
                      <p className="loop-item-title">{e.subject}</p>
                      <p className="meta">
                        To <span className="loop-wrap">{e.to}</span> · <time dateTime={e.createdAt}>{formatMoment(e.createdAt, timeZone)}</time>
                      </p>
                      <p className="loop-badges">
                        <span className={`loop-status loop-mail-${e.status}`}>{STATUS_TEXT[e.status]}</span>
                        {e.attempts ? <span className="meta">{plural(e.attempts, 'attempt')}</span> : null}
                        {e.sentAt ? (
                          <span className="meta">
                            sent <time dateTime={e.sentAt}>{formatMoment(e.sentAt, timeZone)}</time>
                          </span>
                        ) : null}
                      </p>
                      {e.lastError ? <p className="loop-error-text">Last error: {e.lastError}</p> : null}
                    </li>
                  ))}
                </ul>
              )}
            </>
          );
        }}
      </QueryView>
    </>
  );
}
