/**
 * 发送失败的通知 — how a dead letter reads to an admin: why it failed in plain words (never the
 * provider's code or the transport's English), and whom it was for.
 */

/**
 * Why a message could not be sent, as an admin can act on it. The server keeps the
 * transport's own text (`lastError`); `failureCause` sorts it into one of these.
 */
export type FailureCause =
  | 'smsNoTemplateCode'
  | 'smsTemplate'
  | 'smsTemplateParams'
  | 'smsSignature'
  | 'smsNumber'
  | 'smsBalance'
  | 'smsLimit'
  | 'smsKey'
  | 'smsUnreachable'
  | 'smsBadAnswer'
  | 'smsRefused'
  | 'mailAddress'
  | 'mailRefused'
  | 'mailUnavailable'
  | 'noReceiver'
  | 'keys'
  | 'fileWrite'
  | 'inApp'
  | 'unknown';

/** 阿里云短信服务's error codes (its “错误码” page) that an admin can do something about. */
const SMS_CODES: [RegExp, FailureCause][] = [
  [/isv\.SMS_TEMPLATE_ILLEGAL|isv\.TEMPLATE_MISSING|isv\.SMS_TEMPLATE/, 'smsTemplate'],
  [/isv\.TEMPLATE_PARAMS_ILLEGAL|isv\.PARAM_LENGTH_LIMIT|isv\.INVALID_JSON_PARAM/, 'smsTemplateParams'],
  [/isv\.SMS_SIGNATURE|isv\.SIGN_NAME/, 'smsSignature'],
  [/isv\.MOBILE_NUMBER_ILLEGAL|isv\.MOBILE_COUNT_OVER_LIMIT|isv\.BLACK_KEY_CONTROL_LIMIT/, 'smsNumber'],
  [/isv\.AMOUNT_NOT_ENOUGH|isv\.OUT_OF_SERVICE/, 'smsBalance'],
  [/isv\.BUSINESS_LIMIT_CONTROL|isv\.DAY_LIMIT_CONTROL|Throttling/, 'smsLimit'],
  [/InvalidAccessKeyId|SignatureDoesNotMatch|isv\.ACCOUNT_NOT_EXISTS|isv\.ACCOUNT_ABNORMAL|Forbidden/, 'smsKey'],
];

/** The cause of the last failure in `lastError` (the server's text), `unknown` when none fits. */
export function failureCause(lastError: string | null | undefined): FailureCause {
  const e = (lastError ?? '').trim();
  if (!e) return 'unknown';
  if (e.startsWith('no SMS template code is configured')) return 'smsNoTemplateCode';
  if (e.startsWith('SMS provider')) {
    for (const [pattern, cause] of SMS_CODES) if (pattern.test(e)) return cause;
    if (e.startsWith('SMS provider unreachable')) return 'smsUnreachable';
    if (/without JSON/.test(e) || /^SMS provider HTTP 5\d\d/.test(e)) return 'smsBadAnswer';
    if (e.startsWith('SMS provider refused')) return 'smsRefused';
    return 'smsBadAnswer';
  }
  if (e.startsWith("the receiver's address is not valid")) return 'mailAddress';
  if (e.startsWith('SMTP:')) return /permanent/i.test(e) ? 'mailRefused' : 'mailUnavailable';
  if (e.startsWith('the message has no receiver')) return 'noReceiver';
  if (e.startsWith('the receiver cannot be decrypted')) return 'keys';
  if (e.startsWith('cannot write the message file')) return 'fileWrite';
  if (e.startsWith('an in-app message has no transport')) return 'inApp';
  return 'unknown';
}

/** Whom a message was for (`recipientKind`), as a key of the screen's words. */
export type ReceiverKind = 'emergency_contact' | 'town' | 'district' | 'village' | 'visitor' | 'elder' | 'school' | 'other';

export function receiverKind(kind: string): ReceiverKind {
  switch (kind) {
    case 'emergency_contact':
    case 'town':
    case 'district':
    case 'village':
    case 'visitor':
    case 'elder':
    case 'school':
      return kind;
    default:
      return 'other';
  }
}

/** The channel (`sms`, `email`) as a key of the screen's words; anything else is `inApp`. */
export function channelKey(channel: string): 'sms' | 'email' | 'inApp' {
  return channel === 'sms' || channel === 'email' ? channel : 'inApp';
}
