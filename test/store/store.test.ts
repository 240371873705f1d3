import { afterEach, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { insertRep, listReps, type RepFields } from "../../src/store/reps.js";
import type { Store } from "../../src/store/store.js";
import { engines } from "../helpers/engines.js";
import { useTempDir } from "../helpers/temp-dir.js";

const rep = (handle: string): RepFields => ({
  handle,
  name: handle,
  email: null,
  role: "ae",
  team: null,
  territory: null,
  manager: null,
  active: true,
  weight: 1,
  capacity: null,
});
const at = "2026-11-01T00:00:00.000Z";
const handles = (store: Store) =>
  store.read(async (tx) => (await listReps(tx)).map((each) => each.handle));

describe.each(engines)("the store interface on $name", (engine) => {
  const temp = useTempDir();
  const opened: Store[] = [];
  const open = async (env?: NodeJS.ProcessEnv) => {
    const store = await engine.open(temp.path, env);
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  it("commits a write when its work resolves, and says where the data is", async () => {
    const store = await open();
    expect(await store.write(async (tx) => (await insertRep(tx, rep("ana"), at)).handle)).toBe(
      "ana",
    );
    expect(await handles(store)).toEqual(["ana"]);
    expect(store.engine).toBe(engine.name);
    // A file as given; a PostgreSQL URL without its password, completed as libpq completes it.
    if (engine.name === "sqlite") expect(store.location).toBe(temp.path("funnel.db"));
    else expect(store.location).toMatch(/^postgres:\/\/[^:@/]+@[^?]*\/funnel_test_\w+(\?|$)/);
  });

  it("rolls a write back when its work throws, and passes the error on", async () => {
    const store = await open();
    const failing = store.write(async (tx) => {
      await insertRep(tx, rep("ana"), at);
      throw new UserError("changed my mind");
    });
    await expect(failing).rejects.toThrow("changed my mind");
    expect(await handles(store)).toEqual([]);
  });

  it("rolls a dry run back, and returns what it computed", async () => {
    const store = await open();
    const added = await store.write(async (tx) => (await insertRep(tx, rep("ana"), at)).id, {
      dryRun: true,
    });
    expect(added).toBeTypeOf("number");
    expect(await handles(store)).toEqual([]);
  });

  it("rolls a write back when its result says to discard it, and returns the result", async () => {
    const store = await open();
    const add = (handle: string) =>
      store.write(async (tx) => (await insertRep(tx, rep(handle), at)).handle, {
        discard: (added) => added === "ana",
      });
    expect(await add("ana")).toBe("ana");
    expect(await handles(store)).toEqual([]);
    expect(await add("ben")).toBe("ben");
    expect(await handles(store)).toEqual(["ben"]);
  });

  it("reads one snapshot: a commit made meanwhile is not seen until the next read", async () => {
    const reader = await open();
    const writer = await open();
    await writer.write(async (tx) => void (await insertRep(tx, rep("ana"), at)));
    const seen = await reader.read(async (tx) => {
      const before = (await listReps(tx)).length;
      await writer.write(async (other) => void (await insertRep(other, rep("ben"), at)));
      const after = (await listReps(tx)).length;
      return [before, after];
    });
    expect(seen).toEqual([1, 1]);
    expect(await handles(reader)).toEqual(["ana", "ben"]);
  });

  if (engine.name === "sqlite")
    it("refuses a second writer in one line, having changed nothing", async () => {
      const first = await open();
      const second = await open({ FUNNEL_BUSY_TIMEOUT_MS: "0" });
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const holding = first.write(async (tx) => {
        await insertRep(tx, rep("ana"), at);
        await held;
      });
      const refused = second.write(async (tx) => void (await insertRep(tx, rep("ben"), at)));
      await expect(refused).rejects.toBeInstanceOf(UserError);
      await expect(refused).rejects.toThrow(
        `database ${temp.path("funnel.db")} is busy: another funnel command was still writing to it after 0 ms; nothing was changed`,
      );
      release();
      await holding;
      expect(await handles(second)).toEqual(["ana"]);
    });

  if (engine.name === "postgres")
    it("runs a write again when another's commit undid it: both writes count", async () => {
      const first = await open();
      const second = await open();
      // Each names its rep after how many there are: run side by side, both read 0; the
      // second to commit fails its serialization check, runs again, and reads 1.
      const numbered = (store: Store) =>
        store.write(async (tx) => {
          const count = (await listReps(tx)).length;
          await new Promise((resolve) => setTimeout(resolve, 50));
          await insertRep(tx, rep(`rep-${count}`), at);
        });
      await Promise.all([numbered(first), numbered(second)]);
      expect(await handles(first)).toEqual(["rep-0", "rep-1"]);
    });

  it("refuses a transaction started inside another of the same store", async () => {
    const store = await open();
    const nested = store.write(async () => store.read(async (tx) => listReps(tx)));
    await expect(nested).rejects.toThrow(/while another was open/);
    // The outer transaction was rolled back and the store is usable again.
    expect(await handles(store)).toEqual([]);
  });
});
