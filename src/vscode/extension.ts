// Entry point of the VS Code extension: wires thin adapters over src/core. Nothing here may
// throw out of activate(); a failing feature must not take the others down.
import * as vscode from 'vscode';
import { registerLanguageDetection } from './languageDetect';

export function activate(context: vscode.ExtensionContext): void {
  registerLanguageDetection(context);
}
