/// <reference lib="deno.ns" />
import { globMatch, onPage } from '../src/teaser.ts';
import { UnreadCounter } from '../src/unread.ts';
import { assert, assertEquals } from './assert.ts';

Deno.test('the unread count grows while the panel is closed or minimized and clears when it opens', () => {
  const shown: [number, boolean | undefined][] = [];
  const unread = new UnreadCounter((n, added) => shown.push([n, added]));
  unread.add('normal');
  unread.add('maximized');
  assertEquals(shown, [], 'answers the visitor sees are not counted');
  unread.add('closed');
  unread.add('minimized');
  unread.mode('closed');
  unread.mode('normal');
  unread.mode('closed');
  assertEquals(shown, [[1, true], [2, true], [2, undefined], [0, undefined]]);
  assertEquals(unread.count, 0);
});

Deno.test('page globs: * within a path segment, ** across segments, ? one character', () => {
  assert(globMatch('/pricing', '/pricing'));
  assert(!globMatch('/pricing', '/pricing/plans'));
  assert(globMatch('/blog/*', '/blog/post-1'));
  assert(!globMatch('/blog/*', '/blog/2026/post-1'));
  assert(globMatch('/docs/**', '/docs/a/b/c'));
  assert(globMatch('/fixtures/teaser*', '/fixtures/teaser.html'));
  assert(globMatch('/v?/api', '/v2/api'));
  assert(!globMatch('/v?/api', '/v10/api'));
  assert(globMatch('/a.b+(c)', '/a.b+(c)'), 'regular expression characters are literal');
  assert(!globMatch('/a.b', '/axb'));
});

Deno.test('a teaser without pages shows everywhere; with pages only where one matches', () => {
  assert(onPage(undefined, '/anything'));
  assert(onPage([], '/anything'));
  assert(onPage(['/pricing', '/docs/**'], '/docs/setup'));
  assert(!onPage(['/pricing'], '/'));
});
