import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { buildProgram, invokedCommand } from "../src/program.js";

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
  const commandOf = async (argv: readonly string[] | undefined, name: string) =>
    (await buildProgram("1", io, argv)).commands.find((command) => command.name() === name);
  const subcommands = async (argv: readonly string[] | undefined, group: string) =>
    (await commandOf(argv, group))?.commands.map((command) => command.name());

  it("builds a group's subcommands only when it is invoked, and everything without argv", async () => {
    expect(await subcommands(["--help"], "report")).toEqual([]);
    expect(await subcommands(["report", "quota"], "report")).toContain("quota");
    expect(await subcommands(["report", "quota"], "deal")).toEqual([]);
    expect(await subcommands(undefined, "deal")).toEqual(["add", "stage", "won", "lost", "show"]);
    // A command without subcommands is wired only when invoked too.
    expect((await commandOf(["--help"], "leads"))?.options).toEqual([]);
    expect((await commandOf(["leads"], "leads"))?.options.length).toBeGreaterThan(0);
  });

  it("lists the same commands in the top-level help either way", async () => {
    expect((await buildProgram("1", io, ["--help"])).helpInformation()).toBe(
      (await buildProgram("1", io)).helpInformation(),
    );
  });
});
