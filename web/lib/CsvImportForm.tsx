import type { UseMutationResult } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { ApiError, errorMessage } from './api';
import { ProblemsTable } from './ProblemsTable';
import { FormMessage } from './ui';

/** `users.csv:12:email` → file, line and column, as the all-or-nothing CSV imports report a problem. */
export function splitProblemPath(path: string): { file: string; line: string; column: string } {
  const [file = '', line = '', ...rest] = path.split(':');
  return { file, line, column: rest.join(':') };
}

interface CsvImportFormProps<R> {
  title: string;
  /** The level of the form's heading on its page. */
  heading?: 'h2' | 'h3';
  label: string;
  hint: ReactNode;
  importer: UseMutationResult<R, Error, { file: File }>;
  /** The success message for an imported file. */
  describe: (result: R, file: File) => string;
  onImported?: () => void;
}

/** Uploads one CSV file; a refused file lists its problems by file, line and column, and nothing is saved. */
export function CsvImportForm<R>({ title, heading: Heading = 'h2', label, hint, importer, describe, onImported }: CsvImportFormProps<R>) {
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState('');
  const id = useId();
  const problems = importer.error instanceof ApiError ? importer.error.fields : [];
  return (
    <section aria-labelledby={`${id}-title`} className="card import-form">
      <Heading id={`${id}-title`}>{title}</Heading>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setDone('');
          if (!file) return;
          importer.mutate(
            { file },
            {
              onSuccess: (result) => {
                setDone(describe(result, file));
                onImported?.();
              },
            },
          );
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-file`}>{label}</label>
          <p className="hint" id={`${id}-hint`}>
            {hint}
          </p>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={`${id}-hint`}
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              importer.reset();
              setDone('');
            }}
          />
        </div>
        <FormMessage error={importer.isError ? errorMessage(importer.error) : undefined} success={done || undefined} />
        {problems.length > 0 ? (
          <ProblemsTable
            problems={problems.map((p) => ({ ...splitProblemPath(p.path), message: p.message }))}
            caption={`Problems in the file (${problems.length})`}
            captionId={`${id}-problems`}
          />
        ) : null}
        <button type="submit" className="button button-secondary" disabled={!file || importer.isPending}>
          {importer.isPending ? 'Importing…' : 'Import file'}
        </button>
      </form>
    </section>
  );
}
