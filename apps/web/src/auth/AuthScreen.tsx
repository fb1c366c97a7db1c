import { useState } from 'react';
import { loadChatScreen } from '../chat/lazy-parts.ts';
import { Logo } from '../Logo.tsx';
import { LoginForm } from './LoginForm.tsx';
import { SignupForm } from './SignupForm.tsx';

type Mode = 'login' | 'signup';

/** `takeFocus`: just logged out, so the form's first field has focus. */
export function AuthScreen({ notice, takeFocus = false }: { notice: string | null; takeFocus?: boolean }) {
  const [mode, setMode] = useState<Mode>('login');
  return (
    // Someone starting to fill a form is about to enter the chat: its code starts loading now.
    <main className="auth" onFocus={() => void loadChatScreen().catch(() => {})}>
      <div className="auth__card">
        <Logo />
        <h1 className="auth__title">{mode === 'login' ? 'Welcome back' : 'Create your account'}</h1>
        <p className="auth__lead">Serverless Chat: real-time rooms for your team.</p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <div className="segmented" role="group" aria-label="Log in or sign up">
          <button type="button" className="segmented__option" aria-pressed={mode === 'login'} onClick={() => setMode('login')}>
            Log in
          </button>
          <button type="button" className="segmented__option" aria-pressed={mode === 'signup'} onClick={() => setMode('signup')}>
            Sign up
          </button>
        </div>
        {mode === 'login' ? <LoginForm takeFocus={takeFocus} /> : <SignupForm />}
      </div>
    </main>
  );
}
