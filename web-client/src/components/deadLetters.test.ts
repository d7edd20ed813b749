import { describe, expect, it } from 'vitest';
import { deadLettersEn } from './deadLettersMessages.en';
import { deadLettersZh } from './deadLettersMessages';
import { channelKey, failureCause, receiverKind, type FailureCause } from './deadLetters';

describe('dead letters', () => {
  it('reads the errors the transports write as causes an admin can act on', () => {
    // The texts of api/src/notify/transport.rs and worker.rs, as a dead letter keeps them.
    const cases: [string, FailureCause][] = [
      ['no SMS template code is configured for case_opened (--sms-template case_opened=SMS_…)', 'smsNoTemplateCode'],
      ['SMS provider refused: isv.SMS_TEMPLATE_ILLEGAL 模板不合法(不存在或被拉黑)', 'smsTemplate'],
      ['SMS provider refused: isv.SMS_SIGNATURE_ILLEGAL 签名不合法', 'smsSignature'],
      ['SMS provider refused: isv.MOBILE_NUMBER_ILLEGAL 非法手机号', 'smsNumber'],
      ['SMS provider refused: isv.AMOUNT_NOT_ENOUGH 账户余额不足', 'smsBalance'],
      ['SMS provider refused: InvalidAccessKeyId.NotFound Specified access key is not found.', 'smsKey'],
      ['SMS provider refused: SignatureDoesNotMatch Specified signature is not matched', 'smsKey'],
      ['SMS provider refused: isv.TEMPLATE_PARAMS_ILLEGAL 模板变量里包含非法关键字', 'smsTemplateParams'],
      ['SMS provider refused: isv.SOMETHING_NEW whatever', 'smsRefused'],
      // Retried until the last try, then given up.
      ['SMS provider: isv.BUSINESS_LIMIT_CONTROL 业务限流', 'smsLimit'],
      ['SMS provider: Throttling.User Request was denied due to user flow control.', 'smsLimit'],
      ['SMS provider unreachable: http: Connection refused (os error 111)', 'smsUnreachable'],
      ['SMS provider answered HTTP 502 without JSON: expected value at line 1 column 1', 'smsBadAnswer'],
      ['SMS provider HTTP 503: ServiceUnavailable', 'smsBadAnswer'],
      ["the receiver's address is not valid: invalid input", 'mailAddress'],
      ['SMTP: permanent error (550): mailbox unavailable', 'mailRefused'],
      ['SMTP: Connection error: Connection refused (os error 111)', 'mailUnavailable'],
      ['the message has no receiver', 'noReceiver'],
      ["the receiver cannot be decrypted with this server's keys", 'keys'],
      ['cannot write the message file: No space left on device (os error 28)', 'fileWrite'],
      ['an in-app message has no transport', 'inApp'],
      ['something nobody foresaw', 'unknown'],
      ['', 'unknown'],
    ];
    for (const [error, cause] of cases) expect(failureCause(error), error).toBe(cause);
    expect(failureCause(null)).toBe('unknown');
  });

  it('says every cause and its advice in both languages, with no code in the Chinese', () => {
    const all: FailureCause[] = Object.keys(deadLettersZh.causes) as FailureCause[];
    for (const cause of all) {
      for (const words of [deadLettersZh, deadLettersEn]) {
        expect(words.causes[cause], cause).toBeTruthy();
        expect(words.advices[cause], cause).toBeTruthy();
      }
      // A person never reads a provider's code or an English transport error.
      expect(deadLettersZh.causes[cause]).not.toMatch(/[A-Za-z_]{3,}/);
      expect(deadLettersZh.advices[cause]).not.toMatch(/[A-Za-z_]{3,}/);
    }
  });

  it('names the receiver and the channel, anything unforeseen in general words', () => {
    expect(deadLettersZh.receiverKind[receiverKind('emergency_contact')]).toBe('紧急联系人');
    expect(deadLettersZh.receiverKind[receiverKind('town')]).toBe('镇街');
    expect(deadLettersZh.receiverKind[receiverKind('a_new_kind')]).toBe('收件人');
    expect(deadLettersZh.channel[channelKey('sms')]).toBe('短信');
    expect(deadLettersZh.channel[channelKey('email')]).toBe('邮件');
    expect(channelKey('in_app')).toBe('inApp');
  });
});
