import { limits } from '@chat/contract';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../trpc.ts';
import { FormError } from './FormError.tsx';
import { TextField } from './TextField.tsx';
import { useAuthForm } from './use-auth-form.ts';

export function SignupForm() {
  const trpc = useTRPC();
  const signup = useMutation(trpc.auth.signup.mutationOptions());
  const form = useAuthForm(['email', 'username', 'password'], (values) => signup.mutateAsync(values));
  return (
    <form className="auth__form" noValidate onSubmit={form.onSubmit} aria-label="Sign up">
      <FormError message={form.formError} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        inputMode="email"
        value={form.values.email}
        onChange={form.onChange('email')}
        errors={form.fieldErrors.email}
      />
      <TextField
        label="Username"
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        hint={`${limits.username.min}–${limits.username.max} letters, digits, “_”, “.” or “-”. Others see it.`}
        value={form.values.username}
        onChange={form.onChange('username')}
        errors={form.fieldErrors.username}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${limits.passwordBytes.min} characters.`}
        value={form.values.password}
        onChange={form.onChange('password')}
        errors={form.fieldErrors.password}
      />
      <button type="submit" className="button button--primary button--block" disabled={form.pending}>
        {form.pending ? 'Creating your account…' : 'Create account'}
      </button>
    </form>
  );
}
