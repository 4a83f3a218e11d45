import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { EmptyState, PageTitle, QueryView, plural } from '../../lib/ui';
import { resultsQuery, SCALE_LABEL } from './api';
import { DataConversations } from './DataConversations';
import { ImportForm } from './ImportForm';
import { ResultsGrid } from './ResultsGrid';
import './assessments.css';

const route = getRouteApi('/_app/schools/$schoolId/assessments/$assessmentId');

/** One assessment's results: the keyboard-first grid over the roster, and a CSV import. */
export function ResultsPage() {
  const { schoolId, assessmentId } = route.useParams();
  const query = useQuery(resultsQuery(schoolId, assessmentId));
  // A new grid after an import, so the inputs show the imported scores.
  const [imports, setImports] = useState(0);
  return (
    <QueryView query={query} what="results" pageTitle="Assessment results">
      {(grid) => {
        const a = grid.assessment;
        return (
          <>
            <p className="breadcrumb">
              <Link to="/schools/$schoolId/assessments" params={{ schoolId }}>
                Assessments
              </Link>
            </p>
            <PageTitle
              title={a.name}
              lead={`${a.givenOn} · ${a.classes.map((c) => c.title).join(', ')} · ${SCALE_LABEL[a.scale]}${a.scale === 'points' ? ` out of ${a.maxScore}` : ''}${
                a.standards.length ? ` · ${a.standards.join(', ')}` : ''
              }`}
            >
              {a.name}
            </PageTitle>
            <p className="meta">
              {plural(grid.students.length, 'student')} · {plural(grid.students.filter((s) => s.score !== null).length, 'score')} recorded
            </p>
            {grid.students.length === 0 ? (
              <EmptyState title="No students to score">The assessed classes have no students you teach.</EmptyState>
            ) : (
              <ResultsGrid key={imports} schoolId={schoolId} grid={grid} />
            )}
            <ImportForm schoolId={schoolId} assessmentId={assessmentId} onImported={() => setImports((n) => n + 1)} />
            <DataConversations schoolId={schoolId} assessmentId={assessmentId} />
          </>
        );
      }}
    </QueryView>
  );
}
