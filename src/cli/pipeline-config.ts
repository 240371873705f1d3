import { existsSync } from "node:fs";
import { defaultPipeline, type Pipeline, parsePipelineConfig } from "../domain/pipeline.js";
import { UserError } from "../errors.js";
import { configPath, readConfig } from "./config-file.js";

/**
 * The deal pipeline of the config at `--config`, else of funnel.config.json next to the
 * database; the default pipeline when there is no such file or it has no pipeline section.
 */
export function loadPipeline(option: string | undefined, dbPath: string): Pipeline {
  const path = configPath(option, dbPath);
  if (option === undefined && !existsSync(path)) return defaultPipeline;
  const pipeline = parsePipelineConfig(readConfig(path, "the deal pipeline"));
  if ("error" in pipeline)
    throw new UserError(`${path}: ${pipeline.error}`, "see the pipeline section of the README");
  return pipeline;
}
