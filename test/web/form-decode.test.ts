// The form decoder: text fields become the schema's types, and every problem is named by field
// in words a person understands.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Type from 'typebox';
import { decodeForm } from '../../src/web/form-decode.js';

const Schema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 10 }),
  password: Type.Optional(Type.String()),
  quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  price: Type.Optional(Type.Number()),
  gift: Type.Boolean({ default: false }),
  agree: Type.Optional(Type.Boolean()),
  groups: Type.Array(Type.Integer()),
  direction: Type.Optional(Type.Union([Type.Literal('up'), Type.Literal('down')])),
  options: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]))),
  opens: Type.Optional(Type.Object({ 1: Type.Optional(Type.String({ pattern: '^\\d\\d:\\d\\d$' })) })),
});

describe('decodeForm', () => {
  it('converts text to numbers, checkboxes to booleans, repeated fields to lists and dotted names to objects', () => {
    const decoded = decodeForm(
      Schema,
      {
        _csrf: 'token',
        name: '  Flat white ',
        password: ' spaced ',
        quantity: '3',
        price: '2.50',
        gift: 'on',
        groups: ['1', '2'],
        direction: 'up',
        'options.milk': 'oat',
        'options.syrup': ['vanilla', 'caramel'],
        'opens.1': '07:30',
      },
      { untrimmed: ['password'] },
    );
    assert.ok(decoded.ok, JSON.stringify(decoded));
    assert.deepEqual(decoded.value, {
      name: 'Flat white',
      password: ' spaced ',
      quantity: 3,
      price: 2.5,
      gift: true,
      groups: [1, 2],
      direction: 'up',
      options: { milk: ['oat'], syrup: ['vanilla', 'caramel'] },
      opens: { 1: '07:30' },
    });
  });

  it('reads an absent checkbox (a boolean defaulting to false) as false, an absent plain boolean as not given, an absent repeated field as an empty list, an empty number as not given', () => {
    const decoded = decodeForm(Schema, { name: 'Latte', quantity: ' ' });
    assert.ok(decoded.ok, JSON.stringify(decoded));
    assert.equal('agree' in decoded.value, false);
    assert.deepEqual(decoded.value, { name: 'Latte', gift: false, groups: [] });
  });

  it('names every bad field with a plain message, and keeps what was typed', () => {
    const decoded = decodeForm(Schema, {
      _csrf: 'token',
      name: '',
      quantity: 'lots',
      price: '21',
      gift: 'maybe',
      groups: ['1', 'x'],
      direction: 'sideways',
      'opens.1': '7am',
    });
    assert.equal(decoded.ok, false);
    assert.ok(!decoded.ok);
    assert.deepEqual(decoded.errors, {
      name: 'Fill this in.',
      quantity: 'Enter a whole number from 1 to 20.',
      gift: 'Choose yes or no.',
      'groups.1': 'Enter a whole number.',
      direction: 'Choose one of the options.',
      'opens.1': 'Check this field.',
    });
    assert.equal(decoded.values['quantity'], 'lots');
    assert.deepEqual(decoded.lists['groups'], ['1', 'x']);
    assert.equal(decoded.values['_csrf'], undefined, 'the CSRF token is not echoed as a value');
  });

  it('names a missing required field, and a range outside the limits', () => {
    const decoded = decodeForm(Schema, { quantity: '21', name: 'x'.repeat(11) });
    assert.ok(!decoded.ok);
    assert.equal(decoded.errors['quantity'], 'Enter a whole number from 1 to 20.');
    assert.equal(decoded.errors['name'], 'Use at most 10 characters.');
    const missing = decodeForm(Type.Object({ token: Type.String() }), {});
    assert.ok(!missing.ok);
    assert.deepEqual(missing.errors, { token: 'Fill this in.' });
  });

  it("uses the form's own messages: by field, by parent with *, or by top-level name", () => {
    const messages = { quantity: 'Choose a quantity from 1 to 20.', 'opens.*': 'Enter a time like 07:30.', groups: 'Choose groups from the list.' };
    const decoded = decodeForm(Schema, { name: 'x', quantity: '0', 'opens.1': '7', groups: ['y'] }, { messages });
    assert.ok(!decoded.ok);
    assert.deepEqual(decoded.errors, {
      quantity: 'Choose a quantity from 1 to 20.',
      'opens.1': 'Enter a time like 07:30.',
      'groups.0': 'Choose groups from the list.',
    });
  });

  it('reads an optional text box left empty as not given, and returns the fields that did decode beside the problems', () => {
    const decoded = decodeForm(Schema, { name: 'Latte', password: '', quantity: '99', price: '1.5', 'options.milk': 'oat' });
    assert.ok(!decoded.ok);
    assert.deepEqual(decoded.errors, { quantity: 'Enter a whole number from 1 to 20.' });
    assert.deepEqual(decoded.partial, { name: 'Latte', price: 1.5, gift: false, groups: [], options: { milk: ['oat'] } });
  });

  it('treats a body that is not an object as an empty form', () => {
    const decoded = decodeForm(Type.Object({ a: Type.Optional(Type.String()) }), undefined);
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.value, {});
  });
});
