import type { SessionUser } from '../../http/access';
import { forbidden } from '../../http/errors';

/** Who may import rosters, and into which district. */
export const rosterPolicy = {
  /** A district administrator imports into their own district only (the route's access rule already demands the role). */
  importDistrict(user: SessionUser): string {
    if (!user.districtRoles.includes('district_admin')) throw forbidden('Only a district administrator can import rosters.');
    return user.districtId;
  },
};
