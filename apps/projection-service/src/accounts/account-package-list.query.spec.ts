import { BadRequestError } from '../../../../libs/http/src/errors/http.errors.js';
import { checkPosition } from './account-package-list.query.js';

// A forged `continue` token with a valid digest but a position the database cannot read was a 500
// (hostile seed 894801349: orderBy=metadata.creationTimestamp desc, position ["", -2…]).
describe('checkPosition', () => {
  const byCreation = { field: 'metadata.creationTimestamp', direction: 'desc' } as const;

  it('accepts what the list itself issues', () => {
    expect(checkPosition(['2026-11-22T15:26:39.331Z', 12], byCreation, 'raw')).toEqual(['2026-11-22T15:26:39.331Z', 12]);
    expect(checkPosition([7], undefined, 'raw')).toEqual([7]);
  });

  it.each([
    [['', -2], byCreation],
    [['not a time', 1], byCreation],
    [['2026-13-45T99:00:00Z', 1], byCreation],
    [['2026-11-22T15:26:39.331Z', 1.5], byCreation],
    [['2026-11-22T15:26:39.331Z', 2 ** 60], byCreation],
    [['a\u0000b', 1], { field: 'packageName', direction: 'asc' } as const],
    [['x'], undefined],
  ])('refuses %j as 400', (position, order) => {
    expect(() => checkPosition(position as (string | number)[], order, 'raw')).toThrow(BadRequestError);
  });
});
