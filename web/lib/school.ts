import { useParams } from '@tanstack/react-router';
import { currentSchool, useMe, type MySchool } from './session';

/** The school the page is about: the one in the URL, else the one last used, else the first. */
export function useCurrentSchool(): MySchool | undefined {
  const me = useMe();
  const { schoolId } = useParams({ strict: false });
  return currentSchool(me, schoolId);
}
