import { policyFilePath, updateMessage, updatePolicy } from './update-policy';

const base = { env: {}, policyFile: '/etc/headshot/policy.json', policyText: null, isPackaged: true };

describe('updatePolicy', () => {
  it('allows updates in an installed app with no policy', () => {
    expect(updatePolicy(base)).toEqual({ enabled: true });
  });

  it.each(['1', 'true', 'YES', ' on '])('is off when HEADSHOT_DISABLE_UPDATES=%j', (value) => {
    expect(updatePolicy({ ...base, env: { HEADSHOT_DISABLE_UPDATES: value } })).toMatchObject({
      enabled: false,
      reason: 'environment',
    });
  });

  it.each(['0', 'false', ''])('stays on when HEADSHOT_DISABLE_UPDATES=%j', (value) => {
    expect(updatePolicy({ ...base, env: { HEADSHOT_DISABLE_UPDATES: value } })).toEqual({ enabled: true });
  });

  it('is off when the machine-wide file says disableUpdates, on when it says false', () => {
    expect(updatePolicy({ ...base, policyText: '{"disableUpdates": true}' })).toEqual({
      enabled: false,
      reason: 'policy-file',
      detail: '/etc/headshot/policy.json sets disableUpdates',
    });
    expect(updatePolicy({ ...base, policyText: '{"disableUpdates": false, "future": 1}' })).toEqual({
      enabled: true,
    });
  });

  it('is off, naming the file, when the policy file is broken', () => {
    expect(updatePolicy({ ...base, policyText: '{disableUpdates: true' })).toMatchObject({
      enabled: false,
      reason: 'policy-file',
      detail: '/etc/headshot/policy.json is not valid JSON',
    });
    const wrongType = updatePolicy({ ...base, policyText: '{"disableUpdates": "yes"}' });
    expect(wrongType).toMatchObject({ enabled: false, reason: 'policy-file' });
    expect(wrongType.enabled === false && wrongType.detail).toMatch(/^\/etc\/headshot\/policy\.json: /);
  });

  it('is off when not packaged, and an organisation policy wins over that', () => {
    expect(updatePolicy({ ...base, isPackaged: false })).toMatchObject({ reason: 'not-packaged' });
    expect(
      updatePolicy({ ...base, isPackaged: false, env: { HEADSHOT_DISABLE_UPDATES: '1' } }),
    ).toMatchObject({ reason: 'environment' });
  });
});

describe('policyFilePath', () => {
  it('is machine-wide on each OS', () => {
    expect(policyFilePath('win32', { ProgramData: 'D:\\PD' })).toBe('D:\\PD\\Headshot\\policy.json');
    expect(policyFilePath('win32', {})).toBe('C:\\ProgramData\\Headshot\\policy.json');
    expect(policyFilePath('darwin', {})).toBe('/Library/Application Support/Headshot/policy.json');
    expect(policyFilePath('linux', {})).toBe('/etc/headshot/policy.json');
  });
});

describe('updateMessage', () => {
  it('says each answer in words', () => {
    expect(updateMessage({ kind: 'available', version: '0.2.0' }, 'Headshot').message).toBe(
      'Headshot 0.2.0 is available',
    );
    expect(updateMessage({ kind: 'latest', version: '0.1.0' }, 'Headshot').message).toBe(
      'You have the latest version',
    );
    const policy = updatePolicy({ ...base, env: { HEADSHOT_DISABLE_UPDATES: '1' } });
    if (policy.enabled) throw new Error('expected a disabled policy');
    expect(updateMessage({ kind: 'disabled', policy }, 'Headshot').message).toBe(
      'Updates are turned off by your organisation',
    );
    expect(updateMessage({ kind: 'failed', message: 'HttpError: 404' }, 'Headshot')).toEqual({
      message: 'Could not check for updates',
      detail: 'HttpError: 404',
    });
  });
});
