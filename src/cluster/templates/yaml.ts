// A small YAML writer for the configs we generate: plain objects, arrays, strings, numbers, booleans.
// Strings are always double-quoted (JSON strings are valid YAML), so no value is misread.
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue | undefined };

function scalar(value: string | number | boolean | null): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function isScalar(value: YamlValue): value is string | number | boolean | null {
  return value === null || typeof value !== 'object';
}

function lines(value: YamlValue, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}[]`];
    return value.flatMap((item) => {
      if (isScalar(item)) return [`${indent}- ${scalar(item)}`];
      const [first = '', ...rest] = lines(item, `${indent}  `);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  if (isScalar(value)) return [`${indent}${scalar(value)}`];
  const entries = Object.entries(value).filter((entry): entry is [string, YamlValue] => entry[1] !== undefined);
  if (entries.length === 0) return [`${indent}{}`];
  return entries.flatMap(([key, item]) => {
    const name = /^[A-Za-z_][\w.-]*$/.test(key) ? key : JSON.stringify(key);
    if (isScalar(item)) return [`${indent}${name}: ${scalar(item)}`];
    if (Array.isArray(item) && item.length === 0) return [`${indent}${name}: []`];
    if (!Array.isArray(item) && Object.keys(item).length === 0) return [`${indent}${name}: {}`];
    return [`${indent}${name}:`, ...lines(item, `${indent}  `)];
  });
}

export function toYaml(value: YamlValue): string {
  return `${lines(value, '').join('\n')}\n`;
}
