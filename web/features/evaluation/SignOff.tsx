import { useId, useState } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { FormMessage } from '../../lib/ui';
import { TextArea } from '../conversations/TextArea';
import { formatInstant, useSign, type Cycle } from './api';

function SignatureLine({ role, signature }: { role: string; signature: Cycle['evaluatorSignature'] }) {
  return (
    <div>
      <dt>{role}</dt>
      <dd>{signature ? `Signed by ${signature.person.name} on ${formatInstant(signature.signedAt)}` : 'Not signed yet'}</dd>
    </div>
  );
}

/**
 * Sign-off by both: the evaluator signs once every component is rated (the cycle is then closed to changes); the
 * teacher's signature means "I have seen this evaluation", not agreement, and may carry a response.
 */
export function SignOff({ schoolId, cycle, viewerId }: { schoolId: string; cycle: Cycle; viewerId: string }) {
  const id = useId();
  const sign = useSign(schoolId, cycle.id);
  const [comment, setComment] = useState('');
  const isTeacher = viewerId === cycle.teacher.id;
  const isEvaluator = viewerId === cycle.evaluator.id;
  const unrated = cycle.rubric.domains.flatMap((d) => d.components).length - cycle.ratings.length;
  const failure = sign.error instanceof ApiError ? sign.error : undefined;
  return (
    <section className="card section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Sign-off</h2>
      <dl className="facts facts-wide signatures" aria-label="Signatures">
        <SignatureLine role="Evaluator" signature={cycle.evaluatorSignature} />
        <SignatureLine role="Teacher (seen)" signature={cycle.teacherSignature} />
      </dl>
      {cycle.teacherResponse ? (
        <div className="teacher-response">
          <h3>The teacher’s response</h3>
          <p className="pre-wrap">{cycle.teacherResponse}</p>
        </div>
      ) : null}
      {isEvaluator && cycle.can.sign ? (
        <>
          <p className="meta">
            {unrated > 0
              ? `Rate every component before signing: ${unrated} still to rate.`
              : 'Signing closes the evaluation to changes. The teacher is then asked to sign that they have seen it.'}
          </p>
          <FormMessage error={sign.isError ? errorMessage(sign.error) : undefined} />
          <button type="button" className="button" disabled={sign.isPending || unrated > 0} onClick={() => sign.mutate('')}>
            {sign.isPending ? 'Signing…' : 'Sign as evaluator'}
          </button>
        </>
      ) : null}
      {isTeacher && cycle.can.sign ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            sign.mutate(comment);
          }}
        >
          <p>Your signature means you have seen this evaluation; it does not mean you agree with it. You may add a comment or response.</p>
          <TextArea label="Your comment or response (optional)" rows={4} value={comment} onChange={(e) => setComment(e.target.value)} error={failure?.fieldMessage('comment')} />
          <FormMessage error={sign.isError && !failure?.fields.length ? errorMessage(sign.error) : undefined} />
          <button type="submit" className="button" disabled={sign.isPending}>
            {sign.isPending ? 'Signing…' : 'Sign: I have seen this evaluation'}
          </button>
        </form>
      ) : null}
      {isTeacher && !cycle.evaluatorSignature ? <p className="meta">You can sign once your evaluator has completed and signed the evaluation.</p> : null}
    </section>
  );
}
