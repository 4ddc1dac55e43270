/** The memory map's webview type: extension.ts registers its serializer before the client loads. */
export const MEMORY_MAP_VIEW = 'sofTopology.memoryMap';
