/**
 * Heap limits for the import's threads, set when each thread starts (V8 takes heap sizes only
 * then). Measured on a 1,000,000-row import (peak memory, time): young generation 12 MB:
 * 166 MB, 28.7 s; 16 MB: 192 MB, 22.8 s; 32 MB: 227 MB, 21.3 s; no limits: ~280 MB, ~19 s.
 * 16 MB keeps the import under its 200 MB budget for the least time.
 */
export const importThreadLimits = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 16 };
