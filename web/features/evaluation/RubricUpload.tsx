import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { FormMessage } from '../../lib/ui';
import { rubricsQuery, useUploadRubric } from './api';

/** The rubrics cycles may use, and the upload of a district rubric as JSON (checked by the server, problems listed). */
export function RubricUpload({ schoolId, canUpload }: { schoolId: string; canUpload: boolean }) {
  const id = useId();
  const rubrics = useQuery(rubricsQuery(schoolId));
  const upload = useUploadRubric(schoolId);
  const [file, setFile] = useState<File | null>(null);
  const [parseError, setParseError] = useState<string>();
  const failure = upload.error instanceof ApiError ? upload.error : undefined;
  return (
    <section className="card section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Rubrics</h2>
      {rubrics.data ? (
        <ul className="plain-list">
          {rubrics.data.map((r) => (
            <li key={r.key}>
              <strong>{r.definition.name}</strong>{' '}
              <span className="meta">
                {r.builtIn ? '(built in)' : `(uploaded ${r.uploadedAt?.slice(0, 10)})`} · {r.definition.domains.length} domains ·{' '}
                {r.definition.domains.reduce((n, d) => n + d.components.length, 0)} components · {r.definition.scale.length} levels
              </span>
            </li>
          ))}
        </ul>
      ) : rubrics.isError ? (
        <p className="notice notice-error">{errorMessage(rubrics.error)}</p>
      ) : null}
      {canUpload ? (
        <form
          className="upload-form"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            setParseError(undefined);
            upload.reset();
            if (!file) return;
            let definition: unknown;
            try {
              definition = JSON.parse(await file.text());
            } catch {
              setParseError(`${file.name} is not valid JSON.`);
              return;
            }
            upload.mutate(definition);
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-file`}>Rubric file (JSON)</label>
            <p className="hint" id={`${id}-hint`}>
              A name, a scale of levels, and domains with components; each component describes every level in a sentence. The built-in rubric&apos;s
              file shows the shape.
            </p>
            <input id={`${id}-file`} type="file" accept="application/json,.json" aria-describedby={`${id}-hint`} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </div>
          <FormMessage error={parseError ?? (upload.isError ? `${errorMessage(upload.error)} Nothing was uploaded.` : undefined)} success={upload.isSuccess ? `Uploaded “${upload.data.definition.name}”.` : undefined} />
          {failure?.fields.length ? (
            <div className="table-wrap" role="region" aria-labelledby={`${id}-problems`} tabIndex={0}>
              <table className="table problems">
                <caption id={`${id}-problems`}>Problems in the rubric file</caption>
                <thead>
                  <tr>
                    <th scope="col">Where</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {failure.fields.map((f, i) => (
                    <tr key={i}>
                      <td className="mono">{f.path.replace(/^body\.?/, '') || '(the file)'}</td>
                      <td>{f.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <button type="submit" className="button button-secondary" disabled={!file || upload.isPending}>
            {upload.isPending ? 'Uploading…' : 'Upload rubric'}
          </button>
        </form>
      ) : null}
    </section>
  );
}
