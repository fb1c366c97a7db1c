import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../trpc.ts';
import { FormError } from './FormError.tsx';
import { TextField } from './TextField.tsx';
import { useAuthForm } from './use-auth-form.ts';

export function LoginForm({ takeFocus = false }: { takeFocus?: boolean }) {
  const trpc = useTRPC();
  const login = useMutation(trpc.auth.login.mutationOptions());
  const form = useAuthForm(['email', 'password'], (values) => login.mutateAsync(values));
  return (
    <form className="auth__form" noValidate onSubmit={form.onSubmit} aria-label="Log in">
      <FormError message={form.formError} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        inputMode="email"
        autoFocus={takeFocus}
        value={form.values.email}
        onChange={form.onChange('email')}
        errors={form.fieldErrors.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={form.values.password}
        onChange={form.onChange('password')}
        errors={form.fieldErrors.password}
      />
      <button type="submit" className="button button--primary button--block" disabled={form.pending}>
        {form.pending ? 'Logging in…' : 'Log in'}
      </button>
    </form>
  );
}
