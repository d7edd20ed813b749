import { useNavigate } from 'react-router';
import { logout, useSession } from '../api/auth';
import { useT } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';

/** The top bar: product name, who is signed in, language switch and sign-out. */
export function AppHeader() {
  const t = useT();
  const session = useSession();
  const navigate = useNavigate();
  const account = session?.account;
  return (
    <header className="app-header">
      <span className="app-name">{t.app.name}</span>
      <div className="app-header-end">
        {account ? (
          <span className="app-user" title={account.role ? t.roles[account.role] : undefined}>
            {account.displayName}
          </span>
        ) : null}
        <LanguageSwitch />
        {account ? (
          <button
            type="button"
            className="link-button"
            onClick={() => void logout().then(() => navigate('/login', { replace: true }))}
          >
            {t.app.logout}
          </button>
        ) : null}
      </div>
    </header>
  );
}
