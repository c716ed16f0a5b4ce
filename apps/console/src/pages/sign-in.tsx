// Sign-in by bearer token (SPEC §11): pasted here, or carried in the `#token=` link npm start prints.
import { useState } from 'preact/hooks';
import { navigate } from '../router';
import { decodeClaims, setToken } from '../session';

export function SignIn({ notice, onSignedIn }: { notice?: string; onSignedIn: () => void }) {
  const [token, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = (event: Event): void => {
    event.preventDefault();
    const claims = decodeClaims(token.trim());
    if (!claims) return setError('That is not a JWT (three base64url parts separated by dots).');
    if (claims.exp && claims.exp * 1000 < Date.now()) return setError('That token has expired.');
    setToken(token);
    onSignedIn();
    navigate('#/');
  };
  return (
    <main id="main" class="narrow">
      <h1>Sign in to the Artifact Register</h1>
      {notice && (
        <p class="problem" role="alert">
          {notice}
        </p>
      )}
      <form onSubmit={submit} aria-label="Sign in">
        <div class={`field${error ? ' invalid' : ''}`}>
          <label for="token">Bearer token</label>
          <textarea id="token" rows={5} value={token} spellcheck={false} autocomplete="off" required aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'token-error token-hint' : 'token-hint'} onInput={(e) => setValue(e.currentTarget.value)} />
          <small id="token-hint">Kept in this tab only (sessionStorage). `npm start` prints a link that signs in with a development token.</small>
          {error && <p class="field-error" id="token-error">{error}</p>}
        </div>
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
