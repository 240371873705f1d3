import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { buildProgram, invokedCommand } from "../../src/program.js";

const io = {
  stdout: new PassThrough(),
  stderr: new PassThrough(),
  stdin: new PassThrough(),
  env: {},
};

describe("invokedCommand", () => {
  it.each([
    [["--help"], undefined],
    [[], undefined],
    [["report", "quota"], "report"],
    [["--db", "x.db", "report", "quota"], "report"],
    [["--db=x.db", "rep", "list"], "rep"],
    [["help", "deal"], "deal"],
    [["help"], undefined],
    [["leads", "--json"], "leads"],
  ])("%j → %s", (argv, command) => {
    expect(invokedCommand(argv)).toBe(command);
  });
});

describe("buildProgram", () => {
  const subcommands = (argv: readonly string[] | undefined, group: string) =>
    buildProgram("1", io, argv)
      .commands.find((command) => command.name() === group)
      ?.commands.map((command) => command.name());

  it("builds a group's subcommands only when it is invoked, and everything without argv", () => {
    expect(subcommands(["--help"], "report")).toEqual([]);
    expect(subcommands(["report", "quota"], "report")).toContain("quota");
    expect(subcommands(["report", "quota"], "deal")).toEqual([]);
    expect(subcommands(undefined, "deal")).toEqual(["add", "stage", "won", "lost", "show"]);
  });

  it("lists the same commands in the top-level help either way", () => {
    expect(buildProgram("1", io, ["--help"]).helpInformation()).toBe(
      buildProgram("1", io).helpInformation(),
    );
  });
});
