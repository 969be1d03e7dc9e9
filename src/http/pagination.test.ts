import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { linkHeader, parsePage } from './pagination.js';

const base = new URL('http://127.0.0.1:4434/identities');
const link = (page: number, perPage: number, total: number) => linkHeader(base, { page, perPage }, total);
const u = (page: number, perPage: number) => `<http://127.0.0.1:4434/identities?page=${page}&per_page=${perPage}>`;

describe('pagination', () => {
  test('case=query parsing clamps and defaults', () => {
    assert.deepEqual(parsePage({}), { page: 0, perPage: 250 });
    assert.deepEqual(parsePage({ page: '-3', per_page: '0' }), { page: 0, perPage: 1 });
    assert.deepEqual(parsePage({ page: 'x', per_page: 'y' }), { page: 0, perPage: 250 });
    assert.deepEqual(parsePage({ page: '2', per_page: '5000' }), { page: 2, perPage: 1000 });
    assert.deepEqual(parsePage({ page: ['3', '4'], per_page: '10' }), { page: 3, perPage: 10 });
  });

  test('case=empty collection has first, next and prev', () => {
    assert.equal(link(0, 10, 0), `${u(0, 10)}; rel="first",${u(1, 10)}; rel="next",${u(-1, 10)}; rel="prev"`);
  });

  test('case=fewer items than a page has only first with per_page=total', () => {
    assert.equal(link(0, 10, 3), `${u(0, 3)}; rel="first"`);
  });

  test('case=first page of many has next and last', () => {
    assert.equal(link(0, 10, 35), `${u(1, 10)}; rel="next",${u(3, 10)}; rel="last"`);
  });

  test('case=middle page has all four', () => {
    assert.equal(link(1, 10, 35), `${u(0, 10)}; rel="first",${u(2, 10)}; rel="next",${u(0, 10)}; rel="prev",${u(3, 10)}; rel="last"`);
  });

  test('case=last page has first and prev', () => {
    assert.equal(link(3, 10, 35), `${u(0, 10)}; rel="first",${u(2, 10)}; rel="prev"`);
    assert.equal(link(1, 10, 20), `${u(0, 10)}; rel="first",${u(0, 10)}; rel="prev"`);
  });
});
