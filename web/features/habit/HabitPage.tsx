import { useQuery } from '@tanstack/react-query';
import { useCurrentSchool } from '../../lib/school';
import type { MySchool } from '../../lib/session';
import { PageTitle, QueryView } from '../../lib/ui';
import { todayIn } from '../visits/format';
import { visitsAt } from '../visits/roles';
import { NotForRole } from '../visits/RoleGate';
import { habitQuery } from './api';
import { BlocksEditor } from './BlocksEditor';
import { CalendarLink } from './CalendarLink';
import { ChallengeCard } from './ChallengeCard';
import { StreakCard } from './StreakCard';
import { TaskList } from './TaskList';
import './habit.css';

const SECTIONS = [
  ['streak', 'Streak'],
  ['challenge', 'Challenge'],
  ['blocks', 'Visit blocks'],
  ['calendar', 'Calendar'],
  ['tasks', 'Tasks'],
] as const;

/** `/habit`: the leader's visit habit in the current school: streak, goal, 21-day challenge, visit blocks, calendar, tasks. */
export function HabitPage() {
  const school = useCurrentSchool();
  if (!school || !visitsAt(school)) {
    return (
      <NotForRole
        title="Visit habit"
        who="The visit habit page is for principals, assistant principals and instructional coaches, who visit classrooms every day."
      />
    );
  }
  return <Habit school={school} />;
}

function Habit({ school }: { school: MySchool }) {
  const query = useQuery(habitQuery(school.id));
  return (
    <>
      <PageTitle title="Visit habit" lead={`Get into classrooms every day · ${school.name}`}>
        Your visit habit
      </PageTitle>
      <nav aria-label="On this page" className="page-jump">
        <ul>
          {SECTIONS.map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <QueryView query={query} what="your streak and challenge">
        {(habit) => (
          <>
            <StreakCard habit={habit} />
            <ChallengeCard schoolId={school.id} habit={habit} />
          </>
        )}
      </QueryView>
      <BlocksEditor schoolId={school.id} timeZone={school.timezone} />
      <CalendarLink />
      <TaskList today={todayIn(school.timezone)} />
    </>
  );
}
