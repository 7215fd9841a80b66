import { useState } from 'preact/hooks';

/** The login form: an API token, checked against the console and kept for this tab's session only. */
export function Login({ onLogin }: { onLogin: (token: string) => Promise<string | null> }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(await onLogin(token.trim()));
    setBusy(false);
  };
  return (
    <main class="login">
      <form class="panel login-form" onSubmit={(e) => void submit(e)}>
        <h1>ArcTrigger</h1>
        <p class="muted">Trigger orders for US equity options. Log in with an API token (<code>arctrigger token create</code>).</p>
        <label for="token">API token</label>
        <input id="token" type="password" autoComplete="off" value={token} onInput={(e) => setToken(e.currentTarget.value)} aria-describedby="token-error" required autoFocus />
        {error && (
          <p id="token-error" class="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy || token.trim() === ''}>
          {busy ? 'Checking…' : 'Log in'}
        </button>
        <p class="muted small">The token stays in this browser tab only and is forgotten when the tab closes.</p>
      </form>
    </main>
  );
}
