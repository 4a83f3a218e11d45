import { formatDay, formatMoment, type Visit } from './api';
import './conversations.css';

/** The teacher's reflection as written, with their next step and whether they asked to talk. */
export function ReflectionView({ visit, timeZone, mine }: { visit: Visit; timeZone: string; mine: boolean }) {
  const reflection = visit.reflection;
  if (!reflection) return null;
  return (
    <div className="loop-reflection">
      <p className="loop-reflection-text">{reflection.body}</p>
      {reflection.nextStep ? (
        <p>
          <strong>{mine ? 'My next step' : `${visit.teacher.name}’s next step`}:</strong> {reflection.nextStep}
        </p>
      ) : null}
      {reflection.wantsConversation ? (
        <p className="loop-flag">
          {mine ? 'You asked to talk about this visit.' : `${visit.teacher.name} would like to talk about this visit.`}
        </p>
      ) : null}
      <p className="meta">Written {formatMoment(reflection.updatedAt, timeZone)}</p>
    </div>
  );
}

/** The conversations recorded about a visit, oldest first; their notes are visible to the teacher and the leaders. */
export function ConversationList({ visit, forTeacher }: { visit: Visit; forTeacher: boolean }) {
  if (visit.conversations.length === 0) return null;
  const list = [...visit.conversations].sort((a, b) => a.heldOn.localeCompare(b.heldOn) || a.createdAt.localeCompare(b.createdAt));
  return (
    <ol className="loop-conversations">
      {list.map((c) => (
        <li key={c.id} className="loop-conversation">
          <p className="loop-conversation-head">
            <time dateTime={c.heldOn}>{formatDay(c.heldOn)}</time> · recorded by {c.recordedBy.name}
          </p>
          <p className="loop-conversation-notes">{c.notes}</p>
          {c.nextStep ? (
            <p>
              <strong>{forTeacher ? 'Your next step' : 'The teacher’s next step'}:</strong> {c.nextStep}
            </p>
          ) : null}
          {c.followUpOn ? (
            <p className="meta">
              Follow-up visit planned for <time dateTime={c.followUpOn}>{formatDay(c.followUpOn)}</time>
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
