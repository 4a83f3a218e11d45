import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { EmptyState, PageTitle, QueryView, plural } from '../../lib/ui';
import { analysisExportHref, analysisQuery, suppressedText, type Analysis } from './analysis-api';
import type { AnalysisSearch } from './analysis-search';
import { AnalysisFilters } from './AnalysisFilters';
import { GroupTable, SubgroupTable } from './AnalysisTables';
import { OverTimeChart } from './OverTimeChart';
import '../insights/insights.css';
import './assessments.css';

const route = getRouteApi('/_app/schools/$schoolId/assessments/analysis');

function Overall({ analysis }: { analysis: Analysis }) {
  const o = analysis.overall;
  return (
    <p className="analysis-overall" data-testid="analysis-overall">
      {o.suppressed
        ? `All students: ${suppressedText(analysis.minimumGroupSize)}.`
        : `All students: ${plural(o.students, 'student')}, ${plural(o.results, 'result')}; ${o.percentProficient}% of results at or above the proficiency cut, mean ${o.meanPercent}% of the maximum score.`}
    </p>
  );
}

function Sections({ analysis }: { analysis: Analysis }) {
  const n = analysis.minimumGroupSize;
  return (
    <>
      <Overall analysis={analysis} />
      <section className="section" aria-labelledby="by-subgroup">
        <h2 id="by-subgroup">By student group</h2>
        <p className="meta">Differences describe the results; they are a starting point for a conversation, not a verdict on any student or group.</p>
        <SubgroupTable rows={analysis.bySubgroup} minimumGroupSize={n} />
      </section>
      <section className="section" aria-labelledby="over-time">
        <h2 id="over-time">Over time</h2>
        <OverTimeChart rows={analysis.overTime} />
        <GroupTable id="time" caption="Results per assessment date" label="Date" rows={analysis.overTime} minimumGroupSize={n} empty="No assessment dates in this range." />
      </section>
      <section className="section" aria-labelledby="by-standard">
        <h2 id="by-standard">By standard</h2>
        <GroupTable id="standard" caption="Results by standard" label="Standard" rows={analysis.byStandard} minimumGroupSize={n} empty="No standards tagged on these assessments." />
      </section>
      <section className="section" aria-labelledby="by-class">
        <h2 id="by-class">By class</h2>
        <GroupTable id="class" caption="Results by class" label="Class" rows={analysis.byClass} minimumGroupSize={n} empty="No classes in this range." />
      </section>
      <section className="section" aria-labelledby="by-grade">
        <h2 id="by-grade">By grade</h2>
        <GroupTable id="grade" caption="Results by grade" label="Grade" rows={analysis.byGrade} minimumGroupSize={n} empty="No grades in this range." />
      </section>
    </>
  );
}

/** The school's assessment results in aggregate: by student group, date, standard, class and grade; small groups not shown. */
export function AnalysisPage() {
  const { schoolId } = route.useParams();
  const search: AnalysisSearch = route.useSearch();
  const navigate = route.useNavigate();
  const query = useQuery(analysisQuery(schoolId, search));
  return (
    <>
      <p className="breadcrumb">
        <Link to="/schools/$schoolId/assessments" params={{ schoolId }}>
          Assessments
        </Link>
      </p>
      <PageTitle title="Assessment analysis" lead="Proficiency across assessments by student group, date, standard, class and grade.">
        Assessment analysis
      </PageTitle>
      <AnalysisFilters search={search} onChange={(next) => void navigate({ search: next, replace: true })} />
      <QueryView query={query} what="the analysis">
        {(analysis) => (
          <>
            <p className="meta analysis-range">
              {analysis.range.from} to {analysis.range.to} · {plural(analysis.assessments, 'assessment')} · groups under {analysis.minimumGroupSize} students are not
              shown ·{' '}
              <a href={analysisExportHref(schoolId, search)} download>
                Download CSV
              </a>
            </p>
            {analysis.assessments === 0 ? (
              <EmptyState title="No assessment results in this range">Try a wider date range, or enter scores on an assessment first.</EmptyState>
            ) : (
              <Sections analysis={analysis} />
            )}
          </>
        )}
      </QueryView>
    </>
  );
}
