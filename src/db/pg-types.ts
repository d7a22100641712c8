// The column parsers of column-types.ts (decision 220: one table for both engines) as
// node-postgres type parsers, for every pool and client the app opens. Types the table does not
// list keep pg's defaults (int2/int4 numbers, bool, time as text, uuid as text, …).
import pg from 'pg';
import { COLUMN_PARSERS } from './column-types.js';

export const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    const parse = format === 'binary' ? undefined : COLUMN_PARSERS[oid];
    return parse ?? pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};
