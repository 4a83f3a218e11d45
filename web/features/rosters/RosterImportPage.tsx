import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { isDistrictAdmin, useMe } from '../../lib/session';
import { EmptyState, Field, FormMessage, PageTitle, plural } from '../../lib/ui';
import { deactivationsOf, uploadRoster } from './api';
import { ImportHistory } from './ImportHistory';
import { ConfirmDeactivations, ImportErrors, ImportSummary } from './ImportReport';

const ACCEPTED = /\.(zip|csv)$/i;

/** District administrators upload a OneRoster bundle (.zip or .csv files) and see what it did, or why not. */
export function RosterImportPage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const [files, setFiles] = useState<File[]>([]);
  const [fileError, setFileError] = useState<string>();
  const [inputKey, setInputKey] = useState(0);

  const upload = useMutation({
    mutationFn: uploadRoster,
    onSuccess: () => {
      setFiles([]);
      setInputKey((k) => k + 1);
      // Schools, staff, classes and counts may all have changed.
      void queryClient.invalidateQueries();
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: ['rosters', 'imports'] }),
  });
  // An import the server stopped before making many people inactive: the same files, sent again once confirmed.
  const stopped = deactivationsOf(upload.error);

  if (!isDistrictAdmin(me)) {
    return (
      <>
        <PageTitle title="Roster import">Roster import</PageTitle>
        <EmptyState title="This page is for district administrators">
          <p>Rosters are imported by your district’s Rounds administrator. If something in your school’s roster looks wrong, tell them.</p>
        </EmptyState>
      </>
    );
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (upload.isPending) return;
    if (files.length === 0) return setFileError('Choose a .zip file or the .csv files of your OneRoster export.');
    const wrong = files.filter((f) => !ACCEPTED.test(f.name));
    if (wrong.length) return setFileError(`Only .zip and .csv files can be imported: ${wrong.map((f) => f.name).join(', ')}.`);
    if (files.some((f) => /\.zip$/i.test(f.name)) && files.length > 1) return setFileError('Upload either one .zip file or the .csv files, not both.');
    setFileError(undefined);
    upload.mutate({ files });
  };

  const problemCount = upload.error instanceof ApiError ? upload.error.details.problemCount : undefined;
  const status = upload.isPending
    ? undefined
    : upload.isSuccess
      ? 'The import was applied. The summary is below.'
      : upload.isError
        ? stopped
          ? `The import stopped before making ${plural(stopped.deactivatedPeople, 'person', 'people')} inactive; nothing was changed. Confirm or cancel below.`
          : typeof problemCount === 'number'
          ? `The import was rejected with ${plural(problemCount, 'problem')}; nothing was changed. The problems are listed below.`
          : errorMessage(upload.error)
        : undefined;

  return (
    <>
      <PageTitle
        title="Roster import"
        lead="Bring schools, terms, courses, classes, staff, students and enrollments in from a OneRoster 1.1 or 1.2 CSV export."
      >
        Roster import
      </PageTitle>
      <form onSubmit={onSubmit} noValidate className="card upload-form">
        <Field
          key={inputKey}
          label="OneRoster files"
          hint="One .zip bundle, or several .csv files (orgs.csv, users.csv, classes.csv, enrollments.csv …). A bundle with any problem is rejected as a whole and changes nothing."
          type="file"
          name="files"
          accept=".zip,.csv,application/zip,text/csv"
          multiple
          error={fileError}
          onChange={(e) => {
            setFiles(Array.from(e.target.files ?? []));
            setFileError(undefined);
          }}
        />
        {files.length ? <p className="meta">Selected: {files.map((f) => f.name).join(', ')}</p> : null}
        <FormMessage error={fileError ? 'Choose the files to import.' : undefined} />
        <button type="submit" className="button button-primary" disabled={upload.isPending}>
          {upload.isPending ? 'Importing…' : 'Import'}
        </button>
        {upload.isPending ? (
          <p role="status" className="loading">
            <span className="spinner" aria-hidden="true" /> Checking and importing the files. A large district can take a minute.
          </p>
        ) : null}
      </form>
      <div aria-live="polite" className="visually-hidden">
        {status}
      </div>
      {upload.isSuccess ? <ImportSummary result={upload.data} /> : null}
      {stopped ? (
        <ConfirmDeactivations
          report={stopped}
          warnings={upload.error instanceof ApiError ? upload.error.details : undefined}
          pending={upload.isPending}
          onConfirm={() => upload.mutate({ files, confirmDeactivations: true })}
          onCancel={() => upload.reset()}
        />
      ) : upload.isError ? (
        <ImportErrors error={upload.error} />
      ) : null}
      <ImportHistory />
    </>
  );
}
