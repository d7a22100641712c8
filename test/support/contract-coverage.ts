// Why an operation × declared status of the OpenAPI document is not exercised by the HTTP suites,
// printed by contract-report.ts beside each pair no test reaches. The first pattern that matches wins.
export const UNEXERCISED_REASONS: [RegExp, string][] = [
  [/ 503$/, 'needs the database or the payment provider to fail mid-request: the drills and the unit tests of the unit of work cover it'],
  [/ 400$/, 'the generic 400 (a control character in the query string) is tested once for every kind of input in test/web/control-characters'],
];
