// The account: a new password (which signs out every other session) and logging out everywhere.
import { useMutation } from '@tanstack/react-query';
import { FormError } from '../../auth/FormError.tsx';
import { TextField } from '../../auth/TextField.tsx';
import { useAuthForm } from '../../auth/use-auth-form.ts';
import { describeRequestError } from '../../lib/errors.ts';
import { useSessionStore } from '../../session/session-context.ts';
import { useTRPC } from '../../trpc.ts';
import { useChat } from '../chat-context.ts';
import { forgetUserData } from '../state/persistence.ts';
import { Dialog } from './Dialog.tsx';

export function AccountDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const { self } = useChat();
  const sessionStore = useSessionStore();
  const changePassword = useMutation(trpc.auth.changePassword.mutationOptions());
  // Success signs in with the fresh token: the chat starts again on it, this dialog closed.
  const form = useAuthForm(['currentPassword', 'newPassword'], (values) => changePassword.mutateAsync(values));
  const logoutEverywhere = useMutation(
    trpc.auth.logoutEverywhere.mutationOptions({
      onSuccess: () => {
        forgetUserData(self.id);
        sessionStore.signOut('manual');
      },
    }),
  );

  return (
    <Dialog title="Account" description={`Signed in as ${self.username} (${self.email}).`} onClose={onClose}>
      <section className="dialog__section" aria-labelledby="password-heading">
        <h3 id="password-heading" className="dialog__subtitle">
          Change password
        </h3>
        <form noValidate onSubmit={form.onSubmit} aria-label="Change password">
          <FormError message={form.formError} />
          <TextField
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            value={form.values.currentPassword}
            onChange={form.onChange('currentPassword')}
            errors={form.fieldErrors.currentPassword}
          />
          <TextField
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            hint="8 to 72 characters. Your other sessions are signed out."
            value={form.values.newPassword}
            onChange={form.onChange('newPassword')}
            errors={form.fieldErrors.newPassword}
          />
          <button type="submit" className="button button--primary" disabled={form.pending}>
            {form.pending ? 'Changing…' : 'Change password'}
          </button>
        </form>
      </section>
      <section className="dialog__section" aria-labelledby="everywhere-heading">
        <h3 id="everywhere-heading" className="dialog__subtitle">
          Sessions
        </h3>
        <p className="field__hint">Signs out this and every other browser or device where you are logged in.</p>
        {logoutEverywhere.isError && (
          <p className="field__error" role="alert">
            {describeRequestError(logoutEverywhere.error)}
          </p>
        )}
        <button type="button" className="button button--danger" disabled={logoutEverywhere.isPending} onClick={() => logoutEverywhere.mutate()}>
          Log out everywhere
        </button>
      </section>
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
