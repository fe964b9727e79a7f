import { describe, expect, it } from 'vitest';
import { planDrop } from './dropped-paths';

describe('planDrop', () => {
  it('takes a folder and a mapping CSV', () => {
    expect(planDrop(['/p/Photos', '/p/map.CSV'])).toEqual({
      folder: '/p/Photos',
      mappingCsv: '/p/map.CSV',
      notes: [],
    });
  });
  it('imports the folder of dropped photos', () => {
    expect(planDrop(['C:\\Shoot\\a.jpg', 'C:\\Shoot\\b.HEIC'])).toMatchObject({
      folder: 'C:\\Shoot',
      notes: ['Photos were dropped: their whole folder is imported.'],
    });
  });
  it('keeps the first of several folders or CSVs and says so', () => {
    const plan = planDrop(['/a', '/b', '/x.csv', '/y.csv']);
    expect(plan).toMatchObject({ folder: '/a', mappingCsv: '/x.csv' });
    expect(plan.notes).toHaveLength(2);
  });
  it('explains when there are no paths (browser)', () => {
    expect(planDrop(['']).notes[0]).toMatch(/Choose folder/);
  });
});
