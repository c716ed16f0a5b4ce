// Labelled form controls that show the API's problem details next to the field they name.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import type { Problem } from '../problems';

type FieldProps = {
  form: string;
  name: string;
  label: string;
  problem?: Problem;
  hint?: string;
  children: (attrs: { id: string; name: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string }) => ComponentChildren;
};

/** A label, the control, a hint and the API's message for this field (`aria-describedby`). */
export function Field({ form, name, label, problem, hint, children }: FieldProps) {
  const id = `${form}-${name.replace(/\W/g, '-')}`;
  const error = problem?.fields[name];
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, name, ...(error ? { 'aria-invalid': 'true' } : {}), ...(described ? { 'aria-describedby': described } : {}) })}
      {hint && <small id={`${id}-hint`}>{hint}</small>}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The part of a problem no field shows: its title, detail and unplaced messages. */
export function ProblemBox({ problem, fallback }: { problem?: Problem; fallback?: string }) {
  if (!problem && !fallback) return null;
  const unplaced = problem ? Object.keys(problem.fields).length === 0 || problem.other.length > 0 : true;
  return (
    <div class="problem" role="alert">
      {problem ? (
        <>
          <strong>
            {problem.status} {problem.title}
          </strong>
          {problem.detail && <p>{problem.detail}</p>}
          {unplaced && problem.other.length > 0 && (
            <ul>
              {problem.other.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <p>{fallback}</p>
      )}
    </div>
  );
}

/** Submit state for a form: busy while the request runs, the problem when it fails. */
export function useSubmit<T, A = void>(action: (arg: A) => Promise<T>, done: (result: T, arg: A) => void) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const run = async (arg: A): Promise<void> => {
    setBusy(true);
    setProblem(undefined);
    setFailure(undefined);
    try {
      done(await action(arg), arg);
    } catch (error) {
      if (error instanceof ApiError) setProblem(error.problem);
      else setFailure(`The request did not reach the register: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: Event): void => {
    event.preventDefault();
    void run(undefined as A);
  };
  return { busy, problem, failure, submit, run };
}

export const Loading = ({ what }: { what: string }) => (
  <p class="muted" role="status">
    Loading {what}…
  </p>
);
