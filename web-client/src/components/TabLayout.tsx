import type { ReactNode } from 'react';
import { NavLink, Outlet } from 'react-router';
import { AppHeader } from './AppHeader';

export interface NavItem {
  to: string;
  label: string;
  /** A short glyph shown above the label in the bottom tab bar. */
  icon?: ReactNode;
  /** Match the path exactly (for the section's index). */
  end?: boolean;
}

/**
 * The shell of a role's screens. `mobile`: header, content, bottom tab bar (volunteers, 360 px
 * first). `desk`: header, side navigation that becomes a top strip on narrow screens.
 */
export function TabLayout({
  items,
  navLabel,
  variant,
  banner,
}: {
  items: NavItem[];
  navLabel: string;
  variant: 'mobile' | 'desk';
  /** Shown above every screen of the role (the surge banner). */
  banner?: ReactNode;
}) {
  const nav = items.length === 0 ? null : (
    <nav className={variant === 'mobile' ? 'tabbar' : 'sidenav'} aria-label={navLabel}>
      {items.map((item) => (
        <NavLink key={item.to} to={item.to} end={item.end} className={({ isActive }) => (isActive ? 'active' : undefined)}>
          {item.icon ? (
            <span className="nav-icon" aria-hidden="true">
              {item.icon}
            </span>
          ) : null}
          <span>{item.label}</span>
        </NavLink>
      ))}
    </nav>
  );
  return (
    <div className={`shell shell-${variant}${nav ? '' : ' shell-no-nav'}`}>
      <AppHeader />
      {variant === 'desk' ? nav : null}
      <main id="main" className="shell-main">
        {banner}
        <Outlet />
      </main>
      {variant === 'mobile' ? nav : null}
    </div>
  );
}
