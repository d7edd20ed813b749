import { useState } from 'react';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { ErrorBox } from '../../components/ErrorBox';
import {
  VolunteerCalendarFeedDocument,
  VolunteerRenewCalendarFeedDocument,
  VolunteerRevokeCalendarFeedDocument,
} from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { shortBeijing } from './time';
import './messages';

/* GraphQL */ `
  query VolunteerCalendarFeed {
    me {
      id
      calendarFeed {
        since
      }
    }
  }
  mutation VolunteerRenewCalendarFeed {
    renewCalendarFeed {
      url
      since
    }
  }
  mutation VolunteerRevokeCalendarFeed {
    revokeCalendarFeed
  }
`;

/** The new feed URL, shown once, with a copy button and how to add it on a phone. */
function NewUrl({ url }: { url: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(url).then(() => setCopied(true), () => setCopied(false));
  };
  return (
    <div className="v-calendar-url" data-testid="calendar-url">
      <p className="v-meta"><strong>{t.volunteer.calendarUrlOnce}</strong></p>
      <input
        className="v-calendar-input"
        readOnly
        value={url}
        aria-label={t.volunteer.calendarUrlLabel}
        onFocus={(e) => e.currentTarget.select()}
      />
      <Button variant="secondary" onClick={copy}>{copied ? t.volunteer.calendarCopied : t.volunteer.calendarCopy}</Button>
      <ol className="v-meta v-calendar-howto">
        <li>{t.volunteer.calendarHowIphone}</li>
        <li>{t.volunteer.calendarHowAndroid}</li>
        <li>{t.volunteer.calendarHowNote}</li>
      </ol>
    </div>
  );
}

/** 订阅日历 — create, renew or revoke the secret calendar feed of my claimed visits. */
export function CalendarFeedSection() {
  const t = useT();
  const feed = useQuery(VolunteerCalendarFeedDocument);
  const [renew, renewing] = useMutation(VolunteerRenewCalendarFeedDocument);
  const [revoke, revoking] = useMutation(VolunteerRevokeCalendarFeedDocument);
  const [url, setUrl] = useState<string | undefined>(undefined);
  const since = feed.data?.me.calendarFeed?.since;
  const onRenew = async () => {
    if (since && !window.confirm(t.volunteer.calendarRenewConfirm)) return;
    const done = await renew();
    if (done) {
      setUrl(done.renewCalendarFeed.url);
      await feed.refetch();
    }
  };
  const onRevoke = async () => {
    if (!window.confirm(t.volunteer.calendarRevokeConfirm)) return;
    if (await revoke()) {
      setUrl(undefined);
      await feed.refetch();
    }
  };
  return (
    <section aria-labelledby="calendar-title" className="v-section" data-testid="calendar-feed">
      <h2 id="calendar-title">{t.volunteer.calendarTitle}</h2>
      <p className="v-muted">{t.volunteer.calendarIntro}</p>
      {feed.error ? <ErrorBox error={feed.error} /> : null}
      {feed.data ? (
        <p className="v-meta" role="status">
          {since ? format(t.volunteer.calendarSince, { at: shortBeijing(since) }) : t.volunteer.calendarNone}
        </p>
      ) : null}
      {url ? <NewUrl url={url} /> : null}
      <div className="v-slot-actions">
        <Button variant={since ? 'secondary' : 'primary'} busy={renewing.loading} onClick={() => void onRenew()}>
          {since ? t.volunteer.calendarRenew : t.volunteer.calendarCreate}
        </Button>
        {since ? (
          <Button variant="link" busy={revoking.loading} onClick={() => void onRevoke()}>
            {t.volunteer.calendarRevoke}
          </Button>
        ) : null}
      </div>
      {renewing.error ? <ErrorBox error={renewing.error} /> : null}
      {revoking.error ? <ErrorBox error={revoking.error} /> : null}
    </section>
  );
}
