import { describe, expect, it } from 'vitest';
import { isInside, uniqueSavePath } from '../../main/files/saved-files';

describe('saved downloads', () => {
  it('never overwrite an earlier file, and a name never picks the folder', () => {
    const taken = new Set(['/dl/PRACTICE-a-mapping.csv', '/dl/PRACTICE-a-mapping (2).csv']);
    expect(uniqueSavePath('/dl', 'PRACTICE-a-mapping.csv', (p) => taken.has(p))).toBe('/dl/PRACTICE-a-mapping (3).csv');
    expect(uniqueSavePath('/dl', '../../etc/passwd', () => false)).toBe('/dl/passwd');
    expect(uniqueSavePath('/dl', 'a:b?.pdf', () => false)).toBe('/dl/a_b_.pdf');
  });

  it('only files directly in the downloads folder can be shown', () => {
    expect(isInside('/dl', '/dl/x.pdf')).toBe(true);
    expect(isInside('/dl', '/dl/../etc/passwd')).toBe(false);
    expect(isInside('/dl', '/etc/passwd')).toBe(false);
    expect(isInside('/dl', '/dl/sub/x.pdf')).toBe(false);
    expect(isInside('/dl', '/dl')).toBe(false);
  });
});
