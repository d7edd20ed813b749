import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { logout, useSession, type SessionAccount } from '../api/auth';
import { useT } from '../i18n';
import { homePath } from '../routes/homes';
import { LanguageSwitch } from './LanguageSwitch';
import './notificationSettingsMessages';

/**
 * The account menu: the signed-in person's name opens their role, 通知设置 and sign-out.
 * Closes on a choice, a click elsewhere, Escape or a change of page.
 */
function AccountMenu({ account }: { account: SessionAccount }) {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const popupId = useId();
  const home = homePath(account.role);

  useEffect(() => setOpen(false), [location.pathname]);
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (e.target instanceof Node && !box.current?.contains(e.target)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="account-menu" ref={box}>
      <button
        ref={button}
        type="button"
        className="account-menu-button"
        aria-expanded={open}
        aria-controls={popupId}
        data-testid="account-menu"
        onClick={() => setOpen((o) => !o)}
      >
        <span className="app-user">{account.displayName}</span>
        <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div id={popupId} className="account-menu-popup" role="group" aria-label={t.settings.menu}>
          {account.role ? <p className="account-menu-role">{t.roles[account.role]}</p> : null}
          {home ? (
            <Link to={`${home}/settings`} onClick={() => setOpen(false)}>
              {t.settings.title}
            </Link>
          ) : null}
          <button
            type="button"
            onClick={() => void logout().then(() => navigate('/login', { replace: true }))}
          >
            {t.app.logout}
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** The top bar: product name, the account menu of who is signed in, and the language switch. */
export function AppHeader() {
  const t = useT();
  const account = useSession()?.account;
  return (
    <header className="app-header">
      <span className="app-name">{t.app.name}</span>
      <div className="app-header-end">
        {account ? <AccountMenu account={account} /> : null}
        <LanguageSwitch />
      </div>
    </header>
  );
}
