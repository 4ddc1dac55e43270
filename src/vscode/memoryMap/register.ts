// Wires the memory map into the extension: the `sofTopology.showMemoryMap` command (which
// returns the panel, so tests can await its renders) and the serializer that restores the panel
// after a window reload.
import * as vscode from 'vscode';
import type { Session } from '../session';
import { MEMORY_MAP_VIEW, MemoryMapPanel, type MemoryMapDeps } from './panel';

export function registerMemoryMap(extension: vscode.ExtensionContext, session: Session): vscode.Disposable[] {
  const deps: MemoryMapDeps = { extensionUri: extension.extensionUri, session };
  return [
    vscode.commands.registerCommand('sofTopology.showMemoryMap', () => MemoryMapPanel.show(deps)),
    vscode.window.registerWebviewPanelSerializer(MEMORY_MAP_VIEW, {
      deserializeWebviewPanel: async (panel) => void MemoryMapPanel.revive(panel, deps),
    }),
  ];
}
