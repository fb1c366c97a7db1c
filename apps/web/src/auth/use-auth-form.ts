// What the login and signup forms share: the values as typed, the server's field errors next
// to their fields, everything else as one sentence above the form, and focus on the first error.
import type { AuthResult } from '@chat/contract';
import { useState, type FormEvent } from 'react';
import { describeRequestError, fieldErrorsOf, type FieldErrors } from '../lib/errors.ts';
import { useSessionStore } from '../session/session-context.ts';

export function useAuthForm<F extends string>(fields: readonly F[], submit: (values: Record<F, string>) => Promise<AuthResult>) {
  const sessionStore = useSessionStore();
  const [values, setValues] = useState(() => Object.fromEntries(fields.map((f) => [f, ''])) as Record<F, string>);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const onChange = (field: F) => (event: { currentTarget: HTMLInputElement }) => {
    const value = event.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
    if (fieldErrors[field]) setFieldErrors(({ [field]: _fixed, ...rest }) => rest);
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = event.currentTarget;
    setPending(true);
    setFormError(null);
    try {
      const result = await submit(values);
      sessionStore.signIn(result);
    } catch (err) {
      const errors = fieldErrorsOf(err);
      const known = Object.keys(errors).filter((f) => (fields as readonly string[]).includes(f));
      setFieldErrors(errors);
      setFormError(known.length > 0 ? null : describeRequestError(err));
      setPending(false);
      const first = known[0];
      if (first) requestAnimationFrame(() => form.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus());
    }
  }

  return { values, fieldErrors, formError, pending, onChange, onSubmit };
}
