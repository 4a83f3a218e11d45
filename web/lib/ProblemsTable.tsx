/** One problem found in an uploaded file. */
export interface FileProblem {
  file: string | null;
  line: number | string | null;
  column: string | null;
  message: string;
}

/** The report of an upload that was refused: file, line, column and what is wrong, in a scrollable table. */
export function ProblemsTable({ problems, caption, captionId }: { problems: FileProblem[]; caption: string; captionId: string }) {
  return (
    <div className="table-wrap scroll-table" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="table problems">
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Line</th>
            <th scope="col">Column</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td className="mono">{p.file || '—'}</td>
              <td className="num">{p.line ?? '—'}</td>
              <td className="mono">{p.column || '—'}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
