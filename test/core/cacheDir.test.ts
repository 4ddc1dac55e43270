// Where the installed command keeps its caches, and how to turn them off.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { cacheDir } from '../../src/cli/cacheDir';

test('the cache dir follows TPLG_BUDGET_CACHE_DIR, then the platform convention; TPLG_BUDGET_CACHE=0 turns it off', () => {
  assert.equal(cacheDir({ TPLG_BUDGET_CACHE: '0', TPLG_BUDGET_CACHE_DIR: '/x' }), undefined);
  assert.equal(cacheDir({ TPLG_BUDGET_CACHE: 'off' }), undefined);
  assert.equal(cacheDir({ TPLG_BUDGET_CACHE_DIR: '/x/y' }), path.resolve('/x/y'));
  assert.equal(cacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux'), path.join('/xdg', 'tplg-budget'));
  assert.equal(cacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32'), path.join('C:\\Users\\u\\AppData\\Local', 'tplg-budget'));
  assert.match(cacheDir({}, 'darwin')!, /Library[\\/]Caches[\\/]tplg-budget$/);
});
