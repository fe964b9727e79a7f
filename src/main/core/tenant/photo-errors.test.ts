import { GraphRequestError, photoNotFoundMeaning } from './graph-errors';

const e = (status: number, code: string) => new GraphRequestError(status, code, 'x');

describe('photoNotFoundMeaning', () => {
  it('any 404 on a photo route is "no photo", whatever its code', () => {
    for (const code of ['ErrorEntityNotFound', 'ImageNotFound', 'ErrorItemNotFound', 'HTTP404', 'whatever'])
      expect(photoNotFoundMeaning(e(404, code))).toBe('no-photo');
  });
  it('except a missing user and a mailbox Graph cannot reach', () => {
    expect(photoNotFoundMeaning(e(404, 'Request_ResourceNotFound'))).toBe('user-not-found');
    expect(photoNotFoundMeaning(e(404, 'MailboxNotHostedInExchangeOnline'))).toBe('mailbox-on-premises');
    expect(photoNotFoundMeaning(e(404, 'MailboxNotEnabledForRESTAPI'))).toBe('mailbox-on-premises');
  });
  it('other statuses are not a not-found at all', () => {
    expect(photoNotFoundMeaning(e(400, 'ErrorEntityNotFound'))).toBeNull();
    expect(photoNotFoundMeaning(e(403, 'ErrorAccessDenied'))).toBeNull();
    // The on-premises code is reported without its status: known whatever the 4xx.
    expect(photoNotFoundMeaning(e(400, 'MailboxNotHostedInExchangeOnline'))).toBe('mailbox-on-premises');
  });
});
