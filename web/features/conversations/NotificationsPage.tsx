import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import type { MouseEvent } from 'react';
import { errorMessage } from '../../lib/api';
import { useCurrentSchool } from '../../lib/school';
import { EmptyState, FormMessage, PageTitle, plural, QueryView } from '../../lib/ui';
import { formatMoment, localZone, markNotificationsRead, notificationsQuery, type AppNotification } from './api';
import './conversations.css';

/** `/notifications`: the latest notifications, newest first; opening one marks it read. */
export function NotificationsPage() {
  const queryClient = useQueryClient();
  const router = useRouter();
  const timeZone = useCurrentSchool()?.timezone ?? localZone();
  const query = useQuery(notificationsQuery);
  const mark = useMutation({
    mutationFn: markNotificationsRead,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationsQuery.queryKey }),
  });

  // Links are paths inside the app (`/my-classroom/visits/…`, `/visits/…`): follow them in the app, marking the notification read.
  const open = (event: MouseEvent, n: AppNotification) => {
    if (!n.read) mark.mutate({ ids: [n.id] });
    if (!n.link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    router.history.push(n.link);
  };

  return (
    <>
      <PageTitle title="Notifications">Notifications</PageTitle>
      <QueryView query={query} what="notifications">
        {(items) => {
          const unread = items.filter((n) => !n.read).length;
          if (items.length === 0) {
            return (
              <EmptyState title="No notifications yet">
                <p>When evidence is shared with you, or someone reflects on or talks about a visit, it shows up here.</p>
              </EmptyState>
            );
          }
          return (
            <>
              <div className="loop-toolbar">
                <p role="status" className="result-count">
                  {unread ? `${plural(unread, 'unread notification')}` : 'All read'}
                </p>
                {unread ? (
                  <button type="button" className="button button-secondary" onClick={() => mark.mutate({ all: true })} disabled={mark.isPending}>
                    Mark all as read
                  </button>
                ) : null}
              </div>
              <FormMessage error={mark.isError ? errorMessage(mark.error) : undefined} />
              <ul className="loop-notifications">
                {items.map((n) => (
                  <li key={n.id} className={n.read ? 'is-read' : 'is-unread'}>
                    <p className="loop-notification-title">
                      {n.read ? null : <span className="visually-hidden">Unread: </span>}
                      {n.link ? (
                        <a href={n.link} onClick={(event) => open(event, n)}>
                          {n.title}
                        </a>
                      ) : (
                        n.title
                      )}
                    </p>
                    <p className="meta">
                      <time dateTime={n.createdAt}>{formatMoment(n.createdAt, timeZone)}</time>
                      {n.read ? null : (
                        <>
                          {' · '}
                          <button type="button" className="link-button" onClick={() => mark.mutate({ ids: [n.id] })} disabled={mark.isPending}>
                            Mark read<span className="visually-hidden">: {n.title}</span>
                          </button>
                        </>
                      )}
                    </p>
                  </li>
                ))}
              </ul>
            </>
          );
        }}
      </QueryView>
    </>
  );
}
