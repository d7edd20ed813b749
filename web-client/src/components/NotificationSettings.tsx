import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../api/hooks';
import {
  MyContactDocument,
  NotificationSettingsDocument,
  SetNotificationOptOutDocument,
  UpdateMyContactDocument,
  type NotificationSettingsQuery,
} from '../gql/graphql';
import { format, useT } from '../i18n';
import { Button } from './Button';
import { SelectField } from './ChoiceFields';
import { Empty } from './Empty';
import { ErrorBox } from './ErrorBox';
import { Field } from './Field';
import { channelsShown, contactChanges, messageLocale, type MessageLocale } from './notificationSettings';
import { Page } from './Page';
import { QueryView } from './QueryView';
import './settings.css';
import './deadLettersMessages';
import './notificationSettingsMessages';

/* GraphQL */ `
  fragment NotificationSettingRow on NotificationSetting {
    kind
    label
    mayOptOut
    on
    channels
  }
  query NotificationSettings {
    notificationSettings {
      ...NotificationSettingRow
    }
  }
  mutation SetNotificationOptOut($kind: MessageKind!, $off: Boolean!) {
    setNotificationOptOut(kind: $kind, off: $off) {
      ...NotificationSettingRow
    }
  }
  query MyContact {
    me {
      id
      email
      locale
    }
  }
  mutation UpdateMyContact($email: String, $locale: String) {
    updateMyContact(email: $email, locale: $locale) {
      id
      email
      locale
    }
  }
`;

type Setting = NotificationSettingsQuery['notificationSettings'][number];
interface Contact {
  email?: string | null;
  locale?: string | null;
}

/** One kind with its switch; an alarm's switch is on and locked, with the reason beside it. */
function KindRow({
  setting,
  hasEmail,
  busy,
  onSwitch,
}: {
  setting: Setting;
  hasEmail: boolean;
  busy: boolean;
  onSwitch: (off: boolean) => void;
}) {
  const t = useT();
  const w = t.settings;
  const name = t.deadLetters.kind[setting.kind] ?? setting.label;
  const channels = channelsShown(setting.channels, hasEmail).map((c) => w.channel[c]);
  const id = `kind-${setting.kind}`;
  const locked = !setting.mayOptOut;
  return (
    <li className="settings-kind" data-testid="settings-kind">
      <div className="settings-kind-text">
        <label htmlFor={id} className="settings-kind-name">
          {name}
        </label>
        <p className="settings-kind-sub" id={`${id}-sub`}>
          {format(w.channels, { list: channels.join(w.listSeparator) })}
          {!hasEmail && setting.channels.includes('EMAIL') ? ` ${w.noEmailNote}` : null}
        </p>
        {locked ? (
          <p className="settings-kind-sub" id={`${id}-locked`}>
            <span className="settings-locked">{w.locked}</span> {w.lockedReason}
          </p>
        ) : null}
      </div>
      <div className="settings-switch-wrap">
        <input
          id={id}
          type="checkbox"
          role="switch"
          className="settings-switch"
          checked={setting.on}
          disabled={locked || busy}
          aria-describedby={locked ? `${id}-sub ${id}-locked` : `${id}-sub`}
          onChange={(e) => onSwitch(!e.target.checked)}
        />
        <span className="settings-switch-state" aria-hidden="true">
          {locked ? w.alwaysOn : setting.on ? w.on : w.off}
        </span>
      </div>
    </li>
  );
}

/** The kinds of the person's role, each switched at once; the answer replaces the list. */
function KindsSection({ hasEmail }: { hasEmail: boolean }) {
  const t = useT();
  const w = t.settings;
  const query = useQuery(NotificationSettingsDocument);
  const [setOptOut, state] = useMutation(SetNotificationOptOutDocument);
  // The list the last change answered with, else the one loaded.
  const [changed, setSettings] = useState<Setting[] | null>(null);
  const settings = changed ?? query.data?.notificationSettings ?? [];
  const [notice, setNotice] = useState<string | null>(null);

  const change = async (setting: Setting, off: boolean) => {
    setNotice(null);
    const data = await setOptOut({ kind: setting.kind, off });
    if (!data) return;
    setSettings(data.setNotificationOptOut);
    const name = t.deadLetters.kind[setting.kind] ?? setting.label;
    setNotice(format(off ? w.turnedOff : w.turnedOn, { kind: name }));
  };

  return (
    <section className="settings-section" aria-labelledby="settings-kinds">
      <h2 id="settings-kinds">{w.kindsTitle}</h2>
      <p className="settings-intro">{w.kindsIntro}</p>
      <QueryView
        query={query}
        isEmpty={(d) => d.notificationSettings.length === 0}
        empty={<Empty title={w.noKinds} />}
      >
        {() => (
          <>
            <ul className="settings-kinds" aria-label={w.kindsList}>
              {settings.map((s) => (
                <KindRow
                  key={s.kind}
                  setting={s}
                  hasEmail={hasEmail}
                  busy={state.loading}
                  onSwitch={(off) => void change(s, off)}
                />
              ))}
            </ul>
            <p className="settings-status" role="status" data-testid="settings-kinds-status">
              {state.loading ? w.saving : notice}
            </p>
            <ErrorBox error={state.error} />
          </>
        )}
      </QueryView>
    </section>
  );
}

/** The mail address (masked; replace or remove) and the language of the person's messages. */
function ContactSection({ contact, onSaved }: { contact: Contact; onSaved: (c: Contact) => void }) {
  const t = useT();
  const w = t.settings;
  const [email, setEmail] = useState('');
  const [locale, setLocale] = useState<MessageLocale>(messageLocale(contact.locale));
  const [update, state] = useMutation(UpdateMyContactDocument);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => setLocale(messageLocale(contact.locale)), [contact.locale]);

  const send = async (vars: { email?: string; locale?: string }, done: string) => {
    setNotice(null);
    const data = await update(vars);
    if (!data) return;
    onSaved(data.updateMyContact);
    setEmail('');
    setNotice(done);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const vars = contactChanges({ email, locale }, contact);
    if (!vars) {
      state.reset();
      setNotice(w.nothingChanged);
      return;
    }
    void send(vars, w.saved);
  };

  return (
    <section className="settings-section" aria-labelledby="settings-contact">
      <h2 id="settings-contact">{w.contactTitle}</h2>
      <form onSubmit={submit} noValidate>
        <dl className="settings-dl">
          <dt>{w.currentEmail}</dt>
          <dd data-testid="settings-email">{contact.email ?? w.noEmail}</dd>
        </dl>
        <Field
          label={contact.email ? w.replaceEmail : w.newEmail}
          name="email"
          type="email"
          inputMode="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={state.error}
          hint={contact.email ? w.emailHint : undefined}
        />
        <SelectField
          label={w.locale}
          name="locale"
          value={locale}
          onChange={(e) => setLocale(messageLocale(e.target.value))}
          error={state.error}
          hint={w.localeHint}
        >
          <option value="zh" lang="zh-CN">
            {w.localeNames.zh}
          </option>
          <option value="en" lang="en">
            {w.localeNames.en}
          </option>
        </SelectField>
        <ErrorBox error={state.error} fieldNames={['email', 'locale']} />
        <p className="settings-status" role="status" data-testid="settings-contact-status">
          {state.loading ? w.saving : notice}
        </p>
        <div className="settings-actions">
          <Button type="submit" busy={state.loading}>
            {w.save}
          </Button>
          {contact.email ? (
            <Button variant="secondary" disabled={state.loading} onClick={() => void send({ email: '' }, w.emailRemoved)}>
              {w.removeEmail}
            </Button>
          ) : null}
        </div>
      </form>
    </section>
  );
}

/**
 * 通知设置 — for every signed-in role, reached from the header's account menu: which kinds of
 * message the person gets (alarms locked on), where mail reaches them and in which language.
 */
export function NotificationSettingsPage() {
  const t = useT();
  const me = useQuery(MyContactDocument);
  // The contact the last save answered with, else the one loaded.
  const [saved, setContact] = useState<Contact | null>(null);
  const contact = saved ?? me.data?.me ?? null;
  return (
    <Page title={t.settings.title}>
      <div className="settings">
        <QueryView query={me}>
          {() =>
            contact ? (
              <>
                <KindsSection hasEmail={Boolean(contact.email)} />
                <ContactSection contact={contact} onSaved={setContact} />
              </>
            ) : null
          }
        </QueryView>
      </div>
    </Page>
  );
}
