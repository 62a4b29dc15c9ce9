// The commands `okru` knows, in the order the overview lists them (help is added by main, since it lists these).
import { callCommand } from './commands/call.js';
import { loginCommand } from './commands/login.js';
import { methodsCommand } from './commands/methods.js';
import { mockCommand } from './commands/mock.js';
import { uploadCommand } from './commands/upload.js';
import type { Command } from './command.js';

export const COMMANDS: readonly Command[] = [callCommand, loginCommand, methodsCommand, uploadCommand, mockCommand];
