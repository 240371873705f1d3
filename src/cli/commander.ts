// Commander is CommonJS: its ES module wrapper costs Node ~10 ms at start-up, but dist/ bundles
// commander into funnel's own code (scripts/build.mjs), so only the tests pay it.
export { Argument, Command, CommanderError, Help, InvalidArgumentError, Option } from "commander";
