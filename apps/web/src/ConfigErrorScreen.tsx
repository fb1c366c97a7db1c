import { Logo } from './Logo.tsx';

/** When /config.json cannot be read, nothing else can work: say so, offer a reload. */
export function ConfigErrorScreen() {
  return (
    <main className="auth">
      <div className="auth__card">
        <Logo />
        <h1 className="auth__title">The chat could not start</h1>
        <p className="auth__lead">
          It could not load its settings from the server. Check your connection, then reload the page.
        </p>
        <button type="button" className="button button--primary button--block" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    </main>
  );
}
