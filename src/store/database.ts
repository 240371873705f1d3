// Legacy path for the import (src/import/, commands/import*), which converts to the store
// interface once issue 13's rebuilt import is merged; nothing else may import this.
export * from "./sqlite/database.js";
