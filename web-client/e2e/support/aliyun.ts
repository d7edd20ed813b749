/**
 * A loopback stand-in for 阿里云短信服务 `SendSms` (GET with the signed query, JSON answer),
 * for the server's `--sms-transport aliyun`: it answers as the provider does for a template it
 * has not approved (`isv.SMS_TEMPLATE_ILLEGAL`) until the test approves it, then `OK`. It keeps
 * every request it was sent. It does not check signatures (the Rust suite does).
 */
import { createServer, type Server } from 'node:http';

export interface SmsRequest {
  /** `OutId`: the outbox row's id, the same on every try. */
  outId: string;
  templateCode: string;
  phone: string;
  answered: string;
}

export class AliyunStub {
  readonly requests: SmsRequest[] = [];
  approved = false;

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<AliyunStub> {
    let stub: AliyunStub | undefined;
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const q = url.searchParams;
      const ok = stub?.approved ?? false;
      const answer = ok
        ? { Code: 'OK', Message: 'OK', BizId: `biz-${Date.now()}`, RequestId: `req-${Date.now()}` }
        : { Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: '模板不合法(不存在或被拉黑)', RequestId: `req-${Date.now()}` };
      if (q.get('Action') === 'SendSms') {
        stub?.requests.push({
          outId: q.get('OutId') ?? '',
          templateCode: q.get('TemplateCode') ?? '',
          phone: q.get('PhoneNumbers') ?? '',
          answered: answer.Code,
        });
      }
      res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    stub = new AliyunStub(server, `http://127.0.0.1:${port}/`);
    return stub;
  }

  /** The `tanfang serve` flags that send SMS here, with a template code for every kind. */
  serveArgs(): string[] {
    const kinds = [
      'case_opened', 'lost_contact', 'case_overdue', 'elder_code', 'claim_confirmed', 'visit_reminder',
      'slot_offered', 'overdue_digest', 'review_due', 'school_summary', 'time_bank_statement',
    ];
    return [
      '--sms-transport', 'aliyun',
      '--aliyun-endpoint', this.endpoint,
      '--aliyun-access-key-id', 'e2e-key',
      '--aliyun-access-key-secret', 'e2e-secret',
      '--sms-sign-name', '示范区民政局',
      ...kinds.flatMap((k, i) => ['--sms-template', `${k}=SMS_${String(100000001 + i)}`]),
    ];
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
