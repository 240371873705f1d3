import { type Pipeline, parsePipelineConfig } from "../domain/pipeline.js";
import { UserError } from "../errors.js";
import { loadConfiguration } from "./config-file.js";
import type { CommandContext } from "./context.js";

/**
 * The deal pipeline of the config at `--config`, else of the database's configuration (see
 * loadConfiguration for `open`); the default pipeline when it has no pipeline section.
 */
export async function loadPipeline(
  option: string | undefined,
  context: CommandContext,
  open: { scratch?: boolean } = {},
): Promise<Pipeline> {
  const { config, source } = await loadConfiguration(option, context, "the deal pipeline", open);
  const pipeline = parsePipelineConfig(config);
  if ("error" in pipeline)
    throw new UserError(`${source}: ${pipeline.error}`, "see docs/deals.md, the pipeline");
  return pipeline;
}
