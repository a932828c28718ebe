import { expect } from 'vitest';

/** The error `p` rejects with, checked to be a `kind`; fails the test when `p` resolves. */
export async function rejection<T extends Error>(p: Promise<unknown>, kind: abstract new (...args: never[]) => T): Promise<T> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(kind);
    return e as T;
  }
  throw new Error(`expected a ${kind.name}`);
}
