import { useState } from 'react';
import { useLoad, useMutation } from '../api/hooks';
import { request } from '../api/client';
import { DeadLettersDocument, ResendMessageDocument, type DeadLettersQuery } from '../gql/graphql';
import { format, useT } from '../i18n';
import { Button } from './Button';
import { districtTime } from './closedMonth';
import { channelKey, failureCause, receiverKind } from './deadLetters';
import { Empty } from './Empty';
import { ErrorBox } from './ErrorBox';
import { Page } from './Page';
import { QueryView } from './QueryView';
import './deadLetters.css';
import './desk.css';
import './deadLettersMessages';

/* GraphQL */ `
  query DeadLetters($first: Int, $after: String) {
    deadLetters(first: $first, after: $after) {
      id
      kind
      channel
      recipientKind
      recipientName
      recipientMasked
      attempts
      lastError
      createdAt
      deadAt
    }
  }
  mutation ResendMessage($id: String!) {
    resendMessage(id: $id) {
      id
      kind
      statusLabel
    }
  }
`;

type Letter = DeadLettersQuery['deadLetters'][number];

/** How many dead letters a page holds. */
export const PAGE = 20;

/** The first `pages` pages of dead letters, and whether there are more. */
async function loadPages(pages: number): Promise<{ letters: Letter[]; more: boolean }> {
  const letters: Letter[] = [];
  let after: string | null = null;
  for (let i = 0; i < pages; i++) {
    const page: DeadLettersQuery = await request(DeadLettersDocument, { first: PAGE, after });
    const deadLetters: Letter[] = page.deadLetters;
    letters.push(...deadLetters);
    const last: Letter | undefined = deadLetters[deadLetters.length - 1];
    if (deadLetters.length < PAGE || !last) return { letters, more: false };
    after = last.id;
  }
  return { letters, more: true };
}

function LetterCard({ letter, onResent }: { letter: Letter; onResent: () => void }) {
  const t = useT();
  const w = t.deadLetters;
  const [confirming, setConfirming] = useState(false);
  const [resend, state] = useMutation(ResendMessageDocument);
  const kind = w.kind[letter.kind];
  const cause = failureCause(letter.lastError);
  const receiver = [w.receiverKind[receiverKind(letter.recipientKind)], letter.recipientName, letter.recipientMasked]
    .filter(Boolean)
    .join(' ');
  const confirm = async () => {
    if (await resend({ id: letter.id })) {
      setConfirming(false);
      onResent();
    }
  };
  return (
    <li className="desk-card dead-letter" data-kind={letter.kind}>
      <div className="desk-card-head">
        <h2>{kind}</h2>
        <span className="desk-tag">{w.channel[channelKey(letter.channel)]}</span>
      </div>
      <dl className="desk-dl">
        <dt>{w.receiver}</dt>
        <dd>{receiver}</dd>
        <dt>{w.cause}</dt>
        <dd data-testid="dead-letter-cause">{w.causes[cause]}</dd>
        <dt>{w.advice}</dt>
        <dd>{w.advices[cause]}</dd>
        <dt>{w.attempts}</dt>
        <dd>{format(w.attemptsValue, { n: letter.attempts })}</dd>
        <dt>{w.diedAt}</dt>
        <dd>{letter.deadAt ? districtTime(letter.deadAt) : '—'}</dd>
        <dt>{w.createdAt}</dt>
        <dd>{districtTime(letter.createdAt)}</dd>
      </dl>
      {confirming ? (
        <div role="group" aria-label={w.resendConfirmTitle} className="dead-letter-confirm">
          <p>{format(w.resendConfirmText, { kind, receiver })}</p>
          <ErrorBox error={state.error} />
          <div className="desk-actions">
            <Button busy={state.loading} onClick={() => void confirm()}>
              {w.resendConfirm}
            </Button>
            <Button variant="secondary" disabled={state.loading} onClick={() => { setConfirming(false); state.reset(); }}>
              {w.cancel}
            </Button>
          </div>
        </div>
      ) : (
        <Button variant="secondary" onClick={() => setConfirming(true)}>
          {w.resend}
        </Button>
      )}
    </li>
  );
}

/**
 * 发送失败的通知 — the messages of the admin's area that could not be sent after every try:
 * what they were, for whom (masked), why they failed in plain words, and sending one again.
 * For district admins and town organizers.
 */
export function DeadLettersPage() {
  const t = useT();
  const w = t.deadLetters;
  const [pages, setPages] = useState(1);
  const [notice, setNotice] = useState<string | null>(null);
  const query = useLoad(() => loadPages(pages), `dead-letters:${pages}`);
  return (
    <Page title={w.title}>
      <p className="desk-sub">{w.intro}</p>
      {notice ? (
        <p className="desk-notice" role="status">
          {notice}
        </p>
      ) : null}
      <QueryView
        query={query}
        isEmpty={(d) => d.letters.length === 0}
        empty={<Empty title={w.empty}>{w.emptyHint}</Empty>}
      >
        {(d) => (
          <>
            <ul className="dead-letters" aria-label={w.list}>
              {d.letters.map((letter) => (
                <LetterCard
                  key={letter.id}
                  letter={letter}
                  onResent={() => {
                    setNotice(format(w.resent, { kind: w.kind[letter.kind] }));
                    void query.refetch();
                  }}
                />
              ))}
            </ul>
            {d.more ? (
              <Button variant="secondary" busy={query.loading} onClick={() => setPages((n) => n + 1)}>
                {w.more}
              </Button>
            ) : null}
          </>
        )}
      </QueryView>
    </Page>
  );
}
