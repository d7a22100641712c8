import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { cardBrandName, clause, plural, sentence, sentences } from '../../src/domain/words.js';

describe('plural', () => {
  it('says "1 order" and "2 orders", "0 orders"', () => {
    assert.equal(plural(1, 'order'), '1 order');
    assert.equal(plural(2, 'order'), '2 orders');
    assert.equal(plural(0, 'order'), '0 orders');
  });
  it('takes an irregular plural', () => {
    assert.equal(plural(3, 'person', 'people'), '3 people');
    assert.equal(plural(1, 'person', 'people'), '1 person');
  });
});

describe('sentence', () => {
  it('adds one full stop, never two', () => {
    assert.equal(sentence('Your card was declined'), 'Your card was declined.');
    assert.equal(sentence('Your card was declined.'), 'Your card was declined.');
    assert.equal(sentence('Your card was declined..'), 'Your card was declined.');
    assert.equal(sentence('  Declined.  '), 'Declined.');
  });
  it('keeps a question or an exclamation as it is', () => {
    assert.equal(sentence('Ready?'), 'Ready?');
    assert.equal(sentence('Enjoy!'), 'Enjoy!');
    assert.equal(sentence('Taking payment…'), 'Taking payment…');
  });
  it('is empty for nothing', () => {
    assert.equal(sentence(' '), '');
  });
  it('joins sentences, each ending once, skipping empty parts', () => {
    assert.equal(sentences('Your card was declined.', null, '', false, 'Please try another card'), 'Your card was declined. Please try another card.');
  });
});

describe('clause', () => {
  it('drops the full stop of a sentence used inside another', () => {
    assert.equal(`Not added: Latte (${clause('Latte is not available here.')}).`, 'Not added: Latte (Latte is not available here).');
    assert.equal(clause('Ready?'), 'Ready?');
  });
});

test('card brands as customers write them: "Visa ending 4242", never "visa ending 4242"', () => {
  assert.equal(cardBrandName('visa'), 'Visa');
  assert.equal(cardBrandName('VISA'), 'Visa');
  assert.equal(cardBrandName('amex'), 'American Express');
  assert.equal(cardBrandName('mastercard'), 'Mastercard');
  assert.equal(cardBrandName('Diners Club'), 'Diners Club');
  assert.equal(cardBrandName(null), 'Card');
  assert.equal(cardBrandName('  '), 'Card');
});
