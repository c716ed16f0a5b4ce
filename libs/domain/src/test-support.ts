// Helpers for the specs of both families (not exported from the package).

/** The error a function throws, so a spec can assert on its fields; fails when nothing is thrown. */
export const caught = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, none was thrown');
};
