import type { PeerRequestStatus } from '../../../schemas/expertise';
import type { SessionUser } from '../../http/access';

interface RequestFacts {
  requester_id: string;
  host_id: string;
  status: PeerRequestStatus;
}

/** Who may do what with peer-visit requests (who reads a peer visit is the visits policy's rule). */
export const expertisePolicy = {
  /** Only the two teachers of a request see it. */
  canRead(user: SessionUser, request: RequestFacts): boolean {
    return request.requester_id === user.id || request.host_id === user.id;
  },
  /** The colleague asked answers. */
  canRespond(user: SessionUser, request: RequestFacts): boolean {
    return request.host_id === user.id;
  },
  /** The teacher who asked withdraws the request, before the visit. */
  canCancel(user: SessionUser, request: RequestFacts): boolean {
    return request.requester_id === user.id;
  },
  /** The teacher who asked records the visit, once the colleague agreed. */
  canVisit(user: SessionUser, request: RequestFacts): boolean {
    return request.requester_id === user.id;
  },
};
