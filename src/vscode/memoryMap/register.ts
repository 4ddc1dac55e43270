// Wires the memory map into the client: the `sofTopology.showMemoryMap` command (which returns
// the panel, so tests can await its renders) and the panel VS Code restores after a window reload
// (extension.ts registers the serializer at activation and hands the panel over here).
import type * as vscode from 'vscode';
import type { Session } from '../session';
import { MemoryMapPanel, type MemoryMapDeps } from './panel';

export function memoryMapHandlers(extension: vscode.ExtensionContext, session: Session): { show: () => MemoryMapPanel; revive: (panel: vscode.WebviewPanel) => void } {
  const deps: MemoryMapDeps = { extensionUri: extension.extensionUri, session };
  return {
    show: () => MemoryMapPanel.show(deps),
    revive: (panel) => void MemoryMapPanel.revive(panel, deps),
  };
}
