import { useState, type FormEvent } from 'react';
import { request } from '../../api/client';
import { toApiError, type ApiError } from '../../api/errors';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/ChoiceFields';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { DonateHoursDocument, GiftHoursDocument, RedeemHoursDocument, TimeBankRecipientDocument } from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { uuid } from './uuid';
import './messages';

/* GraphQL */ `
  query TimeBankRecipient($username: String!, $name: String!) {
    timeBankRecipient(username: $username, name: $name) {
      id
      name
    }
  }
  mutation GiftHours($transferId: String!, $toUserId: String!, $minutes: Int!, $relation: String!) {
    giftHours(transferId: $transferId, toUserId: $toUserId, minutes: $minutes, relation: $relation) {
      id
    }
  }
  mutation DonateHours($transferId: String!, $minutes: Int!) {
    donateHours(transferId: $transferId, minutes: $minutes) {
      id
    }
  }
  mutation RedeemHours($transferId: String!, $minutes: Int!, $service: String!, $providerId: String) {
    redeemHours(transferId: $transferId, minutes: $minutes, service: $service, providerId: $providerId) {
      id
    }
  }
`;

type Action = 'gift' | 'donate' | 'redeem';
/** The care the seeds name (linzi: "理发洗衣、精神慰藉、送餐服务等"), offered as suggestions. */
export const CARE_SERVICES = ['理发', '洗衣', '精神慰藉', '送餐', '助浴', '陪诊', '家政'];
const RELATIONS = ['配偶', '子女', '父母', '兄弟姐妹', '其他亲属'];

/** What the confirm step says and sends; built once the form is checked (and the person found). */
interface Pending {
  /** Chosen when the confirm step opens, so that a retry of the same confirm is one transfer. */
  transferId: string;
  summary: string;
  /** Said once it went through. */
  doneText: string;
  send: (transferId: string) => Promise<unknown>;
}

interface Props {
  balanceMinutes: number;
  mayRedeem: boolean;
  /** After a transfer: the balance and statement change. */
  onDone: () => void;
}

/** A positive whole number of minutes, else null. */
export function parseMinutes(text: string): number | null {
  const n = Number(text.trim());
  return Number.isInteger(n) && n > 0 ? n : null;
}

/**
 * 赠与 / 捐赠 / 兑换 — spends time-bank minutes: to a family member's account (found by their
 * username and name, never an id), to the district's donation pool, or on care for oneself from
 * the age of 60. Each asks for a confirmation that says what will happen, in words.
 */
export function TimeBankActions({ balanceMinutes, mayRedeem, onDone }: Props) {
  const t = useT();
  const tb = t.volunteer.timeBank;
  const [action, setAction] = useState<Action | null>(null);
  const [form, setForm] = useState({ minutes: '', username: '', name: '', relation: RELATIONS[0]!, service: '', providerUsername: '', providerName: '' });
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const local = (name: string) => (missing.includes(name) ? (name === 'minutes' ? tb.minutesInvalid : t.login.required) : null);

  const open = (a: Action) => {
    setAction(a);
    setPending(null);
    setError(null);
    setMissing([]);
    setDone(null);
  };

  /** Finds a person by username and name; the error names the form's fields. */
  const find = async (username: string, name: string, fields: [string, string]) => {
    try {
      return (await request(TimeBankRecipientDocument, { username: username.trim(), name: name.trim() })).timeBankRecipient;
    } catch (e) {
      const err = toApiError(e);
      // The lookup names `username`/`name`; the provider's inputs have their own names.
      err.fields.forEach((f) => {
        if (f.field === 'username') f.field = fields[0];
        if (f.field === 'name') f.field = fields[1];
      });
      throw err;
    }
  };

  async function review(e: FormEvent) {
    e.preventDefault();
    const minutes = parseMinutes(form.minutes);
    const empty = [
      ...(minutes === null ? ['minutes'] : []),
      ...(action === 'gift' ? (['username', 'name'] as const).filter((k) => !form[k].trim()) : []),
      ...(action === 'redeem' && !form.service.trim() ? ['service'] : []),
      ...(action === 'redeem' && Boolean(form.providerUsername.trim()) !== Boolean(form.providerName.trim())
        ? [form.providerUsername.trim() ? 'providerName' : 'providerUsername']
        : []),
    ];
    setMissing(empty);
    setError(null);
    if (empty.length > 0 || minutes === null) return;
    setBusy(true);
    try {
      if (action === 'gift') {
        const to = await find(form.username, form.name, ['username', 'name']);
        const relation = form.relation;
        setPending({
          transferId: uuid(),
          summary: format(tb.confirmGift, { m: minutes, name: to.name, relation }),
          doneText: format(tb.doneGift, { m: minutes, name: to.name }),
          send: (transferId) => request(GiftHoursDocument, { transferId, toUserId: to.id, minutes, relation }),
        });
      } else if (action === 'donate') {
        setPending({
          transferId: uuid(),
          summary: format(tb.confirmDonate, { m: minutes }),
          doneText: format(tb.doneDonate, { m: minutes }),
          send: (transferId) => request(DonateHoursDocument, { transferId, minutes }),
        });
      } else if (action === 'redeem') {
        const provider = form.providerUsername.trim() ? await find(form.providerUsername, form.providerName, ['providerUsername', 'providerName']) : null;
        const service = form.service.trim();
        setPending({
          transferId: uuid(),
          summary: provider
            ? format(tb.confirmRedeemWith, { m: minutes, service, name: provider.name })
            : format(tb.confirmRedeem, { m: minutes, service }),
          doneText: format(tb.doneRedeem, { m: minutes, service }),
          send: (transferId) => request(RedeemHoursDocument, { transferId, minutes, service, providerId: provider?.id ?? null }),
        });
      }
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  async function confirm() {
    if (!pending) return;
    setBusy(true);
    setError(null);
    try {
      await pending.send(pending.transferId);
      setDone(pending.doneText);
      setPending(null);
      setAction(null);
      setForm((f) => ({ ...f, minutes: '' }));
      onDone();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const actions: Action[] = mayRedeem ? ['gift', 'donate', 'redeem'] : ['gift', 'donate'];
  return (
    <div className="v-timebank" data-testid="time-bank-actions">
      <div className="v-timebank-buttons" role="group" aria-label={tb.actions}>
        {actions.map((a) => (
          <Button key={a} variant={action === a ? 'primary' : 'secondary'} aria-pressed={action === a} onClick={() => open(a)}>
            {tb[a]}
          </Button>
        ))}
      </div>
      {!mayRedeem ? <p className="v-muted">{tb.redeemFrom60}</p> : null}
      {done ? (
        <p className="v-done" role="status">
          {done}
        </p>
      ) : null}
      {action && !pending ? (
        <form className="v-timebank-form" onSubmit={(e) => void review(e)} noValidate>
          <p className="v-muted">{tb.hints[action]}</p>
          {action === 'gift' ? (
            <>
              <Field label={tb.username} name="username" autoCapitalize="none" spellCheck={false} value={form.username} onChange={set('username')} error={error} localError={local('username')} />
              <Field label={tb.name} name="name" value={form.name} onChange={set('name')} error={error} localError={local('name')} />
              <SelectField label={tb.relation} name="relation" value={form.relation} onChange={set('relation')} error={error}>
                {RELATIONS.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </SelectField>
            </>
          ) : null}
          {action === 'redeem' ? (
            <>
              <Field label={tb.service} name="service" list="care-services" value={form.service} onChange={set('service')} error={error} localError={local('service')} />
              <datalist id="care-services">
                {CARE_SERVICES.map((s) => (
                  <option key={s} value={s} />
                ))}
              </datalist>
              <Field label={tb.providerUsername} name="providerUsername" autoCapitalize="none" spellCheck={false} value={form.providerUsername} onChange={set('providerUsername')} error={error} localError={local('providerUsername')} hint={tb.providerHint} />
              <Field label={tb.providerName} name="providerName" value={form.providerName} onChange={set('providerName')} error={error} localError={local('providerName')} />
            </>
          ) : null}
          <Field
            label={tb.minutes}
            name="minutes"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={form.minutes}
            onChange={set('minutes')}
            error={error}
            localError={local('minutes')}
            hint={format(tb.available, { m: Math.round(balanceMinutes) })}
          />
          {error ? <ErrorBox error={error} fieldNames={['minutes', 'username', 'name', 'relation', 'service', 'providerUsername', 'providerName']} /> : null}
          <Button type="submit" block busy={busy}>
            {tb.next}
          </Button>
        </form>
      ) : null}
      {pending ? (
        <div className="v-timebank-confirm" role="alertdialog" aria-label={tb.confirmTitle}>
          <p>
            <strong>{pending.summary}</strong>
          </p>
          <p className="v-muted">{tb.confirmNote}</p>
          {error ? <ErrorBox error={error} fieldNames={[]} /> : null}
          <Button block busy={busy} onClick={() => void confirm()}>
            {tb.confirm}
          </Button>
          <Button block variant="secondary" disabled={busy} onClick={() => setPending(null)}>
            {tb.back}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
