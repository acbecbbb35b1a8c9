import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { E164 } from '../numbers/phone-number.js';
import { defaultResidentSettings, type Resident } from '../residents/resident.js';
import { FactsIndex } from './facts-index.js';

function aResident(id: number, number: string): Resident {
  return {
    id,
    number: number as E164,
    country: 'GB',
    name: `Resident ${id}`,
    postcode: null,
    phoneUri: null,
    settings: defaultResidentSettings,
    createdAt: new Date(0),
  };
}

test('answers the facts screening needs for one resident, keeping resident-specific entries to that resident', () => {
  const index = new FactsIndex();
  const margaret = aResident(1, '+441279555001');
  const arthur = aResident(2, '+441279555002');
  index.putResident(margaret);
  index.putResident(arthur);
  index.putContact(1, '+447911123456', 'Sarah');
  index.putBlock('+447922000001', null, { reason: 'courier fraud', source: 'analyst' });
  index.putBlock('+447922000002', 2, { reason: 'ex-lodger', source: 'carer' });
  index.putDno('+443457345345', 'Barclays');
  index.setReputation('+447922000003', { score: 0.7, verdict: 'scam', distinctReporters: 3, reports: 4 });
  index.compact();

  assert.deepEqual(index.factsFor(margaret, '+447911123456').contact, { name: 'Sarah' });
  assert.equal(index.factsFor(arthur, '+447911123456').contact, null);
  assert.deepEqual(index.factsFor(arthur, '+447922000001').block, { reason: 'courier fraud', source: 'analyst' });
  assert.equal(index.factsFor(margaret, '+447922000002').block, null);
  assert.equal(index.factsFor(arthur, '+447922000002').block?.reason, 'ex-lodger');
  assert.deepEqual(index.factsFor(margaret, '+443457345345').dno, { owner: 'Barclays' });
  assert.deepEqual(index.factsFor(margaret, '+447922000003').reputation, {
    score: 0.7,
    verdict: 'scam',
    distinctReporters: 3,
  });
  assert.equal(index.residentByNumber('+441279555002')?.id, 2);

  index.removeBlock('+447922000001', null);
  index.removeContact(1, '+447911123456');
  index.removeResident(2);
  assert.equal(index.factsFor(arthur, '+447922000001').block, null);
  assert.equal(index.factsFor(margaret, '+447911123456').contact, null);
  assert.equal(index.residentByNumber('+441279555002'), null);
  assert.deepEqual(index.size, { residents: 1, blocks: 0, dno: 1, reputations: 1 });
});
