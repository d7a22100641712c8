// VAT on the receipt: per rate from the VAT-inclusive total, rounded half up, net + VAT = total.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatVatNumber, STANDARD_RATE_PERCENT, vatInGross, vatReceipt } from '../../src/domain/vat.js';

describe('vatInGross', () => {
  it('takes a sixth of a standard-rated price (20/120), in whole pence', () => {
    assert.equal(STANDARD_RATE_PERCENT, 20);
    assert.equal(vatInGross(340, 20), 57); // 56.67
    assert.equal(vatInGross(600, 20), 100);
    assert.equal(vatInGross(0, 20), 0);
    assert.equal(vatInGross(250, 0), 0);
    assert.equal(vatInGross(105, 5), 5);
  });

  it('rounds a half penny up', () => {
    assert.equal(vatInGross(3, 20), 1); // 0.5
    assert.equal(vatInGross(9, 20), 2); // 1.5
    assert.equal(vatInGross(2, 20), 0); // 0.33
  });
});

describe('vatReceipt', () => {
  it('works VAT out once per rate from the rate’s total, not line by line', () => {
    // Three £3.40 lattes: line by line 57 + 57 + 57 = 171; from the total £10.20 it is 170.
    const lines = [340, 340, 340].map((totalPence) => ({ totalPence, vatRatePercent: 20 }));
    const receipt = vatReceipt(lines);
    assert.deepEqual(receipt.rates, [{ ratePercent: 20, netPence: 850, vatPence: 170, totalPence: 1020 }]);
    assert.deepEqual({ net: receipt.netPence, vat: receipt.vatPence, total: receipt.totalPence }, { net: 850, vat: 170, total: 1020 });
  });

  it('keeps one row per rate, highest first, and totals that add up', () => {
    const receipt = vatReceipt([
      { totalPence: 330, vatRatePercent: 0 },
      { totalPence: 420, vatRatePercent: 20 },
      { totalPence: 260, vatRatePercent: 0 },
      { totalPence: 105, vatRatePercent: 5 },
    ]);
    assert.deepEqual(
      receipt.rates.map((r) => [r.ratePercent, r.netPence, r.vatPence, r.totalPence]),
      [
        [20, 350, 70, 420],
        [5, 100, 5, 105],
        [0, 590, 0, 590],
      ],
    );
    assert.equal(receipt.netPence + receipt.vatPence, receipt.totalPence);
    assert.equal(receipt.totalPence, 1115);
  });

  it('is empty for no lines', () => {
    assert.deepEqual(vatReceipt([]), { rates: [], netPence: 0, vatPence: 0, totalPence: 0 });
  });
});

describe('formatVatNumber', () => {
  it('prints a GB number in HMRC’s groups', () => {
    assert.equal(formatVatNumber('GB123456789'), 'GB 123 4567 89');
    assert.equal(formatVatNumber('GB123456789001'), 'GB 123 4567 89 001');
  });
});
