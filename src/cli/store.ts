// The file store of a one-shot command: nothing to keep in memory for a next run, but loaded
// trees go to the on-disk cache when the installed command has one.
import { FileStore } from '../core/conf/files';
import { TreeCache } from '../core/cache/treeCache';
import type { CliIo } from './command';

export function oneShotStore(io: CliIo): FileStore {
  const store = new FileStore();
  store.cacheLoads = false;
  if (io.cache) store.treeCache = new TreeCache(io.cache.dir, io.cache.buildId, undefined, io.cache.maxBytes);
  return store;
}
