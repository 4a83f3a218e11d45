import { useQuery } from '@tanstack/react-query';
import { api, seg } from '../../lib/api';
import { QueryView } from '../../lib/ui';
import type { ExpertiseMap } from './api';

/** The school's expertise at a glance: who is most often seen with each look-for, and what colleagues named. */
export function ExpertiseMapSection({ schoolId }: { schoolId: string }) {
  const query = useQuery({ queryKey: ['expertise-map', schoolId], queryFn: ({ signal }) => api<ExpertiseMap>(`/api/schools/${seg(schoolId)}/expertise?weeks=12`, { signal }) });
  return (
    <section aria-labelledby="map-heading" className="card section">
      <h2 id="map-heading">Our expertise map</h2>
      <QueryView query={query} what="the expertise map">
        {(map) => (
          <>
            <p className="meta">From visits shared with teachers in the last {map.weeks} weeks, and strengths teachers named themselves.</p>
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Teachers most often seen with each look-for</caption>
                <thead>
                  <tr>
                    <th scope="col">Look-for</th>
                    <th scope="col">Most often seen in</th>
                  </tr>
                </thead>
                <tbody>
                  {map.lookFors.map((l) => (
                    <tr key={l.id}>
                      <th scope="row">{l.name}</th>
                      <td>{l.teachers.length ? l.teachers.map((t) => `${t.name} (${t.visits})`).join(', ') : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {map.strengths.length ? (
              <>
                <h3>Strengths colleagues named</h3>
                <ul className="plain-list named-strengths">
                  {map.strengths.map((s) => (
                    <li key={s.teacher.id}>
                      <strong>{s.teacher.name}:</strong> {s.strengths.join('; ')}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        )}
      </QueryView>
    </section>
  );
}
