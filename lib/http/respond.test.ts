import { describe, expect, it } from 'vitest';
import { JsonText, json, rowsOf } from './respond';

describe('json answers with JSON text PostgreSQL built', () => {
  const rows = [
    { pk: 1, name: 'null "quoted" \\ null' },
    { pk: 2, name: 'ünïcode' },
  ];
  const text = new JsonText(JSON.stringify(rows));

  it('sends a list as the text itself', async () => {
    const res = json(text);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.text()).toBe(JSON.stringify(rows));
  });

  it('puts the text into a page as its results, whatever the other keys hold', async () => {
    const page = { results: text, count: 2, next: 'http://x/?search=null&limit=1', previous: null };
    const body = await json(page).json();
    expect(body).toEqual({ count: 2, next: 'http://x/?search=null&limit=1', previous: null, results: rows });
    expect(rowsOf(page)).toEqual(rows);
    expect(rowsOf(text)).toEqual(rows);
  });

  it('leaves ordinary answers to JSON.stringify', async () => {
    expect(await json({ results: [1], count: 1 }).json()).toEqual({ results: [1], count: 1 });
  });
});
