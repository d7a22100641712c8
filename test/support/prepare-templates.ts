import { prepareTemplates } from './database.js';

await prepareTemplates();
