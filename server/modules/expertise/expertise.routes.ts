import { ErrorBody, SchoolParams } from '../../../schemas/common';
import {
  ExpertiseMap,
  ExpertiseMapQuery,
  PeerRequest,
  PeerRequestCreate,
  PeerRequestLists,
  PeerRequestParams,
  PeerRequestResponse,
  PeerVisitCreate,
  SuggestionQuery,
  Suggestions,
} from '../../../schemas/expertise';
import { Visit, VisitParams } from '../../../schemas/visits';
import { access } from '../../http/access';
import { ownOrigin } from '../../http/csrf';
import type { App, Deps } from '../../http/types';
import { sharePeerVisitWithLeaders } from '../visits/visits.service';
import { answerPeerRequest, cancelPeerRequest, listPeerRequests, recordPeerVisit, requestPeerVisit } from './peer-requests';
import { expertiseMap, suggestColleagues } from './suggestions';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const withConflict = { ...errors, 409: ErrorBody };
/** School staff: the expertise of a building is for everyone who works in it (not district roles). */
const STAFF = ['principal', 'assistant_principal', 'coach', 'teacher'] as const;

/** The expertise map, "who could I learn from?", peer-visit requests and peer visits. */
export async function expertiseRoutes(app: App, { db, config }: Deps): Promise<void> {
  app.get('/api/schools/:schoolId/expertise/suggestions', {
    config: { access: access.school(...STAFF) },
    schema: {
      tags: ['expertise'],
      summary: 'Who could I learn from about a look-for or a topic? Colleagues ranked by shared visit evidence and named strengths',
      params: SchoolParams,
      querystring: SuggestionQuery,
      response: { 200: Suggestions, ...errors },
    },
    handler: async (request) => suggestColleagues(db, request.user!, request.school!, request.query, new Date()),
  });

  app.get('/api/schools/:schoolId/expertise', {
    config: { access: access.school(...STAFF) },
    schema: { tags: ['expertise'], summary: "The school's expertise: teachers most often seen with each look-for, and named strengths", params: SchoolParams, querystring: ExpertiseMapQuery, response: { 200: ExpertiseMap, ...errors } },
    handler: async (request) => expertiseMap(db, request.school!, request.query.weeks, new Date()),
  });

  app.get('/api/schools/:schoolId/peer-visit-requests', {
    config: { access: access.school('teacher') },
    schema: { tags: ['expertise'], summary: 'Peer-visit requests I sent and received', params: SchoolParams, response: { 200: PeerRequestLists, ...errors } },
    handler: async (request) => listPeerRequests(db, request.user!, request.school!),
  });

  app.post('/api/schools/:schoolId/peer-visit-requests', {
    config: { access: access.school('teacher') },
    schema: { tags: ['expertise'], summary: 'Ask a colleague for a peer visit to their classroom', params: SchoolParams, body: PeerRequestCreate, response: { 201: PeerRequest, ...withConflict } },
    handler: async (request, reply) => reply.code(201).send(await requestPeerVisit(db, request.user!, request.school!, request.body)),
  });

  app.post('/api/peer-visit-requests/:requestId/answer', {
    config: { access: access.signedIn },
    schema: { tags: ['expertise'], summary: 'Accept or decline a request (the colleague asked)', params: PeerRequestParams, body: PeerRequestResponse, response: { 200: PeerRequest, ...withConflict } },
    handler: async (request) => answerPeerRequest(db, request.user!, request.params.requestId, request.body),
  });

  app.post('/api/peer-visit-requests/:requestId/cancel', {
    config: { access: access.signedIn },
    schema: { tags: ['expertise'], summary: 'Withdraw a request before the visit (the teacher who asked)', params: PeerRequestParams, response: { 200: PeerRequest, ...withConflict } },
    handler: async (request) => cancelPeerRequest(db, request.user!, request.params.requestId),
  });

  app.post('/api/peer-visits', {
    config: { access: access.signedIn },
    schema: {
      tags: ['expertise'],
      summary: "Record a peer visit for an accepted request; its evidence goes to the visited teacher only. The id is made on the device",
      body: PeerVisitCreate,
      response: { 200: Visit, 201: Visit, ...withConflict },
    },
    handler: async (request, reply) => {
      const { created, visit } = await recordPeerVisit(db, request.user!, request.body, { origin: ownOrigin(request, config.publicUrl), smtpConfigured: Boolean(config.smtpUrl) });
      return reply.code(created ? 201 : 200).send(visit);
    },
  });

  app.post('/api/peer-visits/:visitId/share-with-leaders', {
    config: { access: access.signedIn },
    schema: { tags: ['expertise'], summary: 'The visited teacher shares a peer visit with the school leaders (never the peer’s private note)', params: VisitParams, response: { 200: Visit, ...withConflict } },
    handler: async (request) => sharePeerVisitWithLeaders(db, request.user!, request.params.visitId),
  });
}
