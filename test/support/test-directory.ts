/** A small directory with every trap the matching rules must survive. Shared by the matching tests. */
import type { GraphUser } from '../../src/shared/domain';

const user = (id: string, upn: string, displayName: string, extra: Partial<GraphUser> = {}): GraphUser => ({
  id,
  userPrincipalName: upn,
  displayName,
  mail: upn,
  accountEnabled: true,
  userType: 'Member',
  proxyAddresses: [`SMTP:${upn}`],
  ...extra,
});

export const JANE = user('u-jane', 'jane.doe@contoso.com', 'Jane Doe', {
  givenName: 'Jane',
  surname: 'Doe',
  mailNickname: 'jane.doe',
  employeeId: '00123',
  proxyAddresses: [
    'SMTP:jane.doe@contoso.com',
    'smtp:jdoe@contoso.com',
    'smtp:jane@fabrikam.com',
    'SIP:jd@contoso.com',
  ],
});
export const JOHN_1 = user('u-john1', 'john.smith@contoso.com', 'John Smith', { employeeId: '2001' });
export const JOHN_2 = user('u-john2', 'jsmith2@contoso.com', 'John Smith', { employeeId: '2002' });
export const JOSE = user('u-jose', 'jose.mueller@contoso.com', 'José Müller', {
  givenName: 'José',
  surname: 'Müller',
});
export const SEAN = user('u-sean', 'sean.obrien@contoso.com', 'Seán O’Brien');
export const PAT_GUEST = user('u-pat-guest', 'pat.lee_fabrikam.com#EXT#@contoso.onmicrosoft.com', 'Pat Lee', {
  userType: 'Guest',
  mail: 'pat.lee@fabrikam.com',
  proxyAddresses: ['SMTP:pat.lee@fabrikam.com'],
});
export const PAT = user('u-pat', 'pat.lee@contoso.com', 'Pat Lee');
export const OLD = user('u-old', 'old.timer@contoso.com', 'Old Timer', { accountEnabled: false });
export const BJORN = user('u-bjorn', 'bjorn@contoso.com', 'Björn Ødegård');
export const AEGIR = user('u-aegir', 'aegir@contoso.com', 'Ægir Þórsson');
export const LUKASZ = user('u-lukasz', 'lukasz@contoso.com', 'Łukasz Đurić-Straß');
export const MJ = user('u-mj', 'mj.watson@contoso.com', 'Mary-Jane Watson');
export const CHRIS = user('u-chris', 'chris.johnson@contoso.com', 'Christopher Johnson');
export const ALEX = user('u-alex', 'alex.kim@contoso.com', 'Alex Kim (Sales)', { employeeId: 'E-77' });
export const SAM_GUEST = user('u-sam', 'sam_ext.com#EXT#@contoso.onmicrosoft.com', 'Sam Guest', {
  userType: 'Guest',
});
export const A_CONTOSO = user('u-a1', 'a@contoso.com', 'A One');
export const A_FABRIKAM = user('u-a2', 'a@fabrikam.com', 'A Two');

export const DIRECTORY: GraphUser[] = [
  JANE,
  JOHN_1,
  JOHN_2,
  JOSE,
  SEAN,
  PAT_GUEST,
  PAT,
  OLD,
  BJORN,
  AEGIR,
  LUKASZ,
  MJ,
  CHRIS,
  ALEX,
  SAM_GUEST,
  A_CONTOSO,
  A_FABRIKAM,
];
