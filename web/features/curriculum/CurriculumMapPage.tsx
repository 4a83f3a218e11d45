import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { errorMessage } from '../../lib/api';
import { FormMessage, PageTitle, QueryView } from '../../lib/ui';
import { alignmentQuery, contentOf, exportHref, gradeLabel, mapQuery, useDeleteMap, useSaveMap, type MapDetail } from './api';
import { AlignmentView } from './AlignmentView';
import { AddAssessmentForm, AddStandardForm, AddTargetForm, AddUnitForm } from './MapEditor';
import { MapImportForm } from './MapImportForm';
import '../insights/insights.css';
import './curriculum.css';

const route = getRouteApi('/_app/schools/$schoolId/curriculum/$mapId');

/** One curriculum map: its alignment (gaps and coverage), its units with targets, and (for editors) changes and CSV. */
export function CurriculumMapPage() {
  const { schoolId, mapId } = route.useParams();
  const map = useQuery(mapQuery(schoolId, mapId));
  const alignment = useQuery(alignmentQuery(schoolId, mapId));
  return (
    <QueryView query={map} what="curriculum map" pageTitle="Curriculum map">
      {(m) => (
        <>
          <nav aria-label="Breadcrumb" className="breadcrumb">
            <Link to="/schools/$schoolId/curriculum" params={{ schoolId }}>
              Curriculum maps
            </Link>
          </nav>
          <PageTitle title={`${m.course} · ${gradeLabel(m.grade)}`} lead={m.updatedBy ? `Last changed by ${m.updatedBy.name} on ${m.updatedAt.slice(0, 10)}.` : undefined}>
            {m.course} · {gradeLabel(m.grade)}
          </PageTitle>
          <p className="inline-links">
            <a href={exportHref(schoolId, mapId)} download>
              Download as CSV
            </a>
          </p>
          <QueryView query={alignment} what="alignment">
            {(a) => <AlignmentView alignment={a} />}
          </QueryView>
          <Units schoolId={schoolId} map={m} />
          {m.canEdit ? (
            <section aria-labelledby="edit-heading" className="section">
              <h2 id="edit-heading">Change the map</h2>
              <div className="editor-grid">
                <AddUnitForm schoolId={schoolId} map={m} />
                <AddStandardForm schoolId={schoolId} map={m} />
                <AddTargetForm schoolId={schoolId} map={m} />
              </div>
              <MapImportForm schoolId={schoolId} mapId={mapId} />
            </section>
          ) : (
            <p className="meta">You can read this map. School leaders, and teachers of {gradeLabel(m.grade).toLowerCase()}, change it.</p>
          )}
          {m.canDelete ? <DeleteMap schoolId={schoolId} map={m} /> : null}
        </>
      )}
    </QueryView>
  );
}

/** Each unit with its dates and learning targets, their standards and assessments. */
function Units({ schoolId, map }: { schoolId: string; map: MapDetail }) {
  const save = useSaveMap(schoolId, map);
  const remove = (change: (c: ReturnType<typeof contentOf>) => void) => {
    const c = contentOf(map);
    change(c);
    save.mutate(c);
  };
  return (
    <section aria-labelledby="units-heading" className="section">
      <h2 id="units-heading">Units and learning targets</h2>
      <FormMessage error={save.isError ? errorMessage(save.error) : undefined} />
      {map.units.length === 0 ? <p className="meta">No units yet.</p> : null}
      <ol className="unit-list">
        {map.units.map((u, ui) => {
          const targets = map.targets.map((t, ti) => ({ t, ti })).filter(({ t }) => t.unit === ui);
          return (
            <li key={u.id} className="card unit">
              <h3>
                {u.title} <span className="meta unit-dates">{u.startsOn} – {u.endsOn}</span>
              </h3>
              {targets.length === 0 ? <p className="meta">No learning targets in this unit yet.</p> : null}
              <ul className="target-list">
                {targets.map(({ t, ti }) => (
                  <li key={t.id} className="target">
                    <p className="target-statement">{t.statement}</p>
                    <p className="meta">
                      Standards: {t.standardCodes.map((c) => <span key={c} className="code chip">{c}</span>)}
                    </p>
                    <p className={t.assessments.length === 0 ? 'gap-note' : 'meta'}>
                      {t.assessments.length === 0
                        ? 'No assessment yet'
                        : t.assessments.map((a, i) => (
                            <span key={`${a.assessmentId ?? a.name}-${i}`}>
                              {i > 0 ? ' · ' : 'Assessed by: '}
                              {a.assessmentId ? `${a.name} (given ${a.givenOn})` : `${a.name} (planned)`}
                            </span>
                          ))}
                    </p>
                    {map.canEdit ? (
                      <details className="target-edit">
                        <summary>Change this target</summary>
                        <div className="target-actions">
                          <AddAssessmentForm schoolId={schoolId} map={map} targetIndex={ti} />
                          <button type="button" className="button button-small button-secondary" disabled={save.isPending} onClick={() => remove((c) => void c.targets.splice(ti, 1))}>
                            Remove target
                          </button>
                        </div>
                      </details>
                    ) : null}
                  </li>
                ))}
              </ul>
              {map.canEdit ? (
                <details className="target-edit">
                  <summary>Change this unit</summary>
                  <button
                    type="button"
                    className="button button-small button-secondary"
                    disabled={save.isPending}
                    onClick={() =>
                      remove((c) => {
                        c.targets = c.targets.filter((t) => t.unit !== ui).map((t) => ({ ...t, unit: t.unit > ui ? t.unit - 1 : t.unit }));
                        c.units.splice(ui, 1);
                      })
                    }
                  >
                    Remove unit “{u.title}” and its targets
                  </button>
                </details>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function DeleteMap({ schoolId, map }: { schoolId: string; map: MapDetail }) {
  const del = useDeleteMap(schoolId, map.id);
  const navigate = useNavigate();
  return (
    <section aria-labelledby="delete-heading" className="section">
      <h2 id="delete-heading">Delete the map</h2>
      <p className="meta">Removes its units, standards and targets. Linked assessments and their results stay.</p>
      <FormMessage error={del.isError ? errorMessage(del.error) : undefined} />
      <button
        type="button"
        className="button button-danger"
        disabled={del.isPending}
        onClick={() => {
          if (window.confirm(`Delete the ${map.course} map of ${gradeLabel(map.grade).toLowerCase()}?`)) del.mutate(undefined, { onSuccess: () => void navigate({ to: '/schools/$schoolId/curriculum', params: { schoolId } }) });
        }}
      >
        Delete map
      </button>
    </section>
  );
}
