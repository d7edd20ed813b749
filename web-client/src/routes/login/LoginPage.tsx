import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { login, logout, useSession } from '../../api/auth';
import { ApiError, toApiError } from '../../api/errors';
import { Button } from '../../components/Button';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useT } from '../../i18n';
import { afterLogin, homePath } from '../homes';
import '../signup/messages';

const FIELDS = ['username', 'password'];

export function LoginPage() {
  const t = useT();
  const location = useLocation();
  const session = useSession();
  const from = (location.state as { from?: string } | null)?.from;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const [noRole, setNoRole] = useState(false);

  // Signed in (here, or in another tab): on to the page that asked for sign-in, or home.
  const target = afterLogin(session?.account.role, from);
  if (target && !busy) return <Navigate to={target} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const empty = [username.trim() ? '' : 'username', password ? '' : 'password'].filter(Boolean);
    setMissing(empty);
    if (empty.length > 0) return;
    setBusy(true);
    setError(null);
    setNoRole(false);
    try {
      const account = await login(username.trim(), password);
      if (!homePath(account.role)) {
        await logout();
        setNoRole(true);
      }
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login" id="main">
      <div className="login-top">
        <LanguageSwitch />
      </div>
      <div className="login-card">
        <p className="login-brand">{t.app.name}</p>
        <p className="login-tagline">{t.app.tagline}</p>
        <h1>{t.login.title}</h1>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Field
            label={t.login.username}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={error}
            localError={missing.includes('username') ? t.login.required : null}
          />
          <Field
            label={t.login.password}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={error}
            localError={missing.includes('password') ? t.login.required : null}
          />
          {error ? <ErrorBox error={error} fieldNames={FIELDS} /> : null}
          {noRole ? (
            <div className="state state-error" role="alert">
              <p className="state-title">{t.login.noRole}</p>
            </div>
          ) : null}
          <Button type="submit" block busy={busy}>
            {busy ? t.login.submitting : t.login.submit}
          </Button>
        </form>
        <p className="login-switch">
          <Link to="/signup">{t.signUp.link}</Link>
        </p>
      </div>
    </main>
  );
}
