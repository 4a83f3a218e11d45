import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { plural } from '../../lib/ui';
import { myVisitsQuery, waitingForReflection } from './api';
import './classroom.css';

/** For the teacher's home: the way into My classroom, with what waits for their reflection. */
export function MyClassroomCard() {
  const query = useQuery(myVisitsQuery);
  const waiting = query.data ? waitingForReflection(query.data).length : 0;
  return (
    <section aria-labelledby="my-classroom-heading" className="callout my-classroom-card">
      <h2 id="my-classroom-heading">My classroom</h2>
      <p>
        {query.isPending
          ? 'Evidence shared from visits to your classroom.'
          : query.isError
            ? 'Your visits could not be counted just now; they are all in My classroom.'
            : query.data.length === 0
              ? 'Nothing has been shared with you yet. Evidence from visits to your classroom will appear here.'
              : waiting
                ? `${plural(waiting, 'visit')} waiting for your reflection, of ${plural(query.data.length, 'visit')} shared with you.`
                : `You reflected on all ${plural(query.data.length, 'visit')} shared with you.`}
      </p>
      <p>
        <Link to="/my-classroom" className={`button ${waiting ? 'button-primary' : 'button-secondary'}`}>
          Open My classroom
        </Link>
      </p>
    </section>
  );
}
